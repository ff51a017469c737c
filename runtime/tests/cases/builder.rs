//! Base URLs: the spec's server by default, and every other URL checked before anything is
//! sent.

use recording_server::{RecordingServer, Reply, assert_error_hides};

use crate::generated::{BuildError, Client, ClientInfo};
use crate::support::{TOKEN, TOKEN_ID, assert_sent};

#[test]
fn a_base_url_that_is_not_absolute_http_fails_to_build() {
    for url in [
        "ftp://x",
        "not a url",
        "/relative",
        "",
        "http://",
        "file:///etc/passwd",
        "http://127.0.0.1:8080/?query=1",
        "http://127.0.0.1:8080/#fragment",
        "http://user:password@127.0.0.1:8080",
    ] {
        let result = Client::builder().base_url(url).api_token(TOKEN).build();
        match result {
            Err(error @ BuildError::BaseUrl { .. }) => assert_error_hides(TOKEN, &error),
            Err(other) => panic!("{url:?}: expected BuildError::BaseUrl, got {other:?}"),
            Ok(client) => panic!("{url:?} was accepted: {client:?}"),
        }
        let result = Client::new(url);
        assert!(
            matches!(result, Err(BuildError::BaseUrl { .. })),
            "{url:?}: {result:?}"
        );
        let result = Client::new_with_client(url, reqwest::Client::new());
        assert!(
            matches!(result, Err(BuildError::BaseUrl { .. })),
            "{url:?}: {result:?}"
        );
    }
}

#[test]
fn a_base_url_with_a_password_is_refused_without_showing_it() {
    for url in [
        "http://user:url-password-1234@127.0.0.1:8080",
        "http://user:url-password-1234@127.0.0.1:8080/v1?key=url-password-1234",
    ] {
        let result = Client::new(url);

        match result {
            Err(error @ BuildError::BaseUrl { .. }) => {
                assert_error_hides("url-password-1234", &error);
            }
            other => panic!("expected BuildError::BaseUrl, got {other:?}"),
        }
    }
    // Nor in the builder's `Debug`.
    let builder = Client::builder().base_url("http://user:url-password-1234@127.0.0.1:8080");
    recording_server::assert_hides("url-password-1234", "the builder", &builder);
}

#[test]
fn the_default_server_is_the_specs_first() {
    let client = Client::builder()
        .build()
        .expect("the spec's server is used");
    assert_eq!(client.baseurl(), "https://api.example.com/v1");
}

#[tokio::test]
async fn a_trailing_slash_of_the_base_url_is_dropped() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = Client::builder()
        .base_url(&format!("{}/v1/", server.base_url()))
        .api_token(TOKEN)
        .build()
        .expect("the client builds");

    client
        .delete_token(TOKEN_ID)
        .await
        .expect("the documented success");

    assert_sent(&server.single_request());
}
