//! What the tests share: the credentials they give, a client for a server, the operation most
//! of them call (`delete_token`, the one the old per-client contract tests called), and the
//! checks of what it sends.

use recording_server::{FAST_BACKOFF, RecordedRequest, RecordingServer, assert_error_hides};

use crate::generated::types::ErrorBody;
use crate::generated::{Client, ClientBuilder, Error, ResponseValue, RetryPolicy};

/// The API token (scheme `ApiToken`, `Authorization: Api-Token <token>`).
pub(crate) const TOKEN: &str = "contract-api-token-6c1f0e";
/// The bearer token (scheme `BearerAuth`).
pub(crate) const BEARER: &str = "contract-bearer-token-93ad7b";
/// The user name and password (scheme `BasicAuth`).
pub(crate) const USER: &str = "Aladdin";
pub(crate) const PASSWORD: &str = "open-sesame-4e1d";
/// The query key (scheme `QueryKey`, `?api_key=`).
pub(crate) const QUERY_KEY: &str = "contract-query-key-5b20aa";
/// The session cookie (scheme `SessionCookie`, `Cookie: session=`).
pub(crate) const SESSION: &str = "contract-session-77e0c4";
/// Every secret above, for the checks that none shows.
pub(crate) const SECRETS: [&str; 5] = [TOKEN, BEARER, PASSWORD, QUERY_KEY, SESSION];

/// The environment variable `credentials_from_env` reads the API token from.
pub(crate) const TOKEN_ENV: &str = "CONTRACT_API_TOKEN";
/// The `User-Agent` of the client: the package that compiles the generated code, which for
/// these tests is the runtime itself.
pub(crate) const USER_AGENT: &str = "client-runtime/0.1.0";
/// The path stem the tests give the base URL, as an API served under a prefix would have.
pub(crate) const STEM: &str = "/v1";
/// The id `call` deletes.
pub(crate) const TOKEN_ID: &str = "token-42";
/// The request target `call` sends.
pub(crate) const TOKEN_PATH: &str = "/v1/tokens/token-42";

/// What `delete_token` returns.
pub(crate) type CallResult = Result<ResponseValue<()>, Error<ErrorBody>>;

/// The base URL of `server`, with the path stem.
pub(crate) fn base_url(server: &RecordingServer) -> String {
    format!("{}{STEM}", server.base_url())
}

/// A builder for `server` with the API token, and retries that cost milliseconds.
pub(crate) fn builder(server: &RecordingServer) -> ClientBuilder {
    Client::builder()
        .base_url(&base_url(server))
        .api_token(TOKEN)
        .retry(RetryPolicy::default().with_initial_backoff(FAST_BACKOFF))
}

/// A builder for `server` with every credential, and fast retries.
pub(crate) fn builder_with_every_credential(server: &RecordingServer) -> ClientBuilder {
    builder(server)
        .bearer_auth(BEARER)
        .basic_auth(USER, PASSWORD)
        .query_key(QUERY_KEY)
        .session_cookie(SESSION)
}

/// A client of [`builder`].
pub(crate) fn client(server: &RecordingServer) -> Client {
    builder(server).build().expect("the client builds")
}

/// Deletes token [`TOKEN_ID`].
pub(crate) async fn call(client: &Client) -> CallResult {
    client.delete_token(TOKEN_ID).await
}

/// The `Authorization` header the API token `secret` is sent as.
pub(crate) fn authorization(secret: &str) -> String {
    format!("Api-Token {secret}")
}

/// Asserts that `request` is `call`'s: `DELETE` of [`TOKEN_PATH`] with the API token, the
/// runtime's `User-Agent` and `Accept: application/json`, nothing else, and no body.
pub(crate) fn assert_sent(request: &RecordedRequest) {
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, TOKEN_PATH);
    assert_eq!(
        request.header("authorization"),
        Some(authorization(TOKEN).as_str())
    );
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header_names(),
        ["accept", "authorization", "host", "user-agent"]
    );
    request.assert_no_body_and_no_api_version();
}

/// The error of a call that must fail, checked to show no secret.
pub(crate) fn expect_error<T: std::fmt::Debug, E>(result: Result<T, Error<E>>) -> Error<E>
where
    E: serde::Serialize + std::fmt::Debug,
{
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => {
            assert_hides_secrets(&error);
            error
        }
    }
}

/// Asserts that no secret of [`SECRETS`] shows in the `Display` or `Debug` output of `error`.
pub(crate) fn assert_hides_secrets(error: &(impl std::fmt::Debug + std::fmt::Display)) {
    for secret in SECRETS {
        assert_error_hides(secret, error);
    }
}

/// Asserts that no secret of [`SECRETS`] shows in the `Debug` output of `value`.
pub(crate) fn assert_debug_hides_secrets(what: &str, value: &impl std::fmt::Debug) {
    for secret in SECRETS {
        recording_server::assert_hides(secret, what, value);
    }
}
