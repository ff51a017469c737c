//! The typed mocks of a client generated from `tests/mocks/api.yaml`: query, header and body
//! parameters, responses of several types, a documented response header, and credentials in a
//! query parameter, a cookie and HTTP basic, which the four providers' specs do not have.
//!
//! The crate in `tests/mocks/` is what the generator makes of the spec beside it (the first
//! test compares them; `UPDATE_SNAPSHOTS=1 cargo test -p tests --test mock_fixture` rewrites
//! it); the others use its client and its mocks, with its `mock` feature, over loopback.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod snapshots;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::emit::{CrateSpec, Layout};

/// The command that rewrites the crate.
const UPDATE: &str = "UPDATE_SNAPSHOTS=1 cargo test -p tests --test mock_fixture";
/// The spec (workspace-relative).
const SPEC: &str = "tests/mocks/api.yaml";
/// The crate's folder (workspace-relative).
const CRATE: &str = "tests/mocks";

#[test]
fn the_fixture_crate_is_what_the_spec_generates() {
    let bytes = std::fs::read(snapshots::root().join(SPEC)).unwrap();
    let client =
        codegen::client_from_source(codegen::load::parse(Path::new(SPEC), &bytes).unwrap())
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(client.warnings.is_empty(), "{:?}", client.warnings);
    let krate = CrateSpec {
        name: "widgets-mock-fixture".into(),
        spec_label: SPEC.into(),
        command: UPDATE.into(),
        layout: Layout::Workspace,
        version: codegen::version::Version::INITIAL,
        examples: Vec::new(),
        package: codegen::settings::Package::default(),
    };
    let files: BTreeMap<PathBuf, String> = codegen::emit::emit(&client, &krate)
        .unwrap()
        .into_iter()
        .map(|(path, text)| (Path::new(CRATE).join(path), text))
        .collect();
    if let Some(report) = snapshots::check_or_update(
        files,
        "tests/mocks/src",
        "the crate in `tests/mocks/` differs from what `tests/mocks/api.yaml` generates",
        UPDATE,
    ) {
        panic!("{report}");
    }
}

mod loopback {
    use std::time::Duration;

    use client_runtime::{Error, RetryPolicy};
    use reqwest::StatusCode;
    use widgets_mock_fixture::mock::{self, wiremock::MockServer};
    use widgets_mock_fixture::types::{
        CreateWidgetError, CreateWidgetSuccess, Filter, GetWidgetSuccess, Problem, Widget,
        WidgetColor,
    };
    use widgets_mock_fixture::{Client, ClientBuilder};

    const KEY: &str = "query-key";
    const SESSION: &str = "session-cookie";
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln";

    /// A builder for `server` with every scheme's credential, and no retries.
    fn builder(server: &MockServer) -> ClientBuilder {
        Client::builder()
            .base_url(&server.uri())
            .query_key(KEY)
            .session(SESSION)
            .bearer(JWT)
            .basic("ann", "s3cret")
            .retry(RetryPolicy::none().with_initial_backoff(Duration::from_millis(1)))
    }

    fn client(server: &MockServer) -> Client {
        builder(server).build().unwrap()
    }

    fn widget(name: &str) -> Widget {
        Widget {
            id: Some(7),
            name: name.into(),
            color: Some(WidgetColor::Blue),
        }
    }

    #[tokio::test]
    async fn query_and_header_parameters_and_a_typed_response_header() {
        let server = MockServer::start().await;
        let tags = vec!["a".to_string(), "b c".to_string()];
        mock::list_widgets()
            .query_key_value(KEY)
            .limit(10)
            .tags(&tags)
            .x_request_id("req-1")
            .without_x_trace()
            .respond(mock::ListWidgetsThen::ok(&vec![widget("first")]).header_x_total_count(41))
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        let response = client
            .list_widgets(Some(10), Some(&tags), "req-1", None)
            .await
            .unwrap();
        assert_eq!(response.headers()["x-total-count"], "41");
        let widgets = response.into_inner();
        assert_eq!(widgets.len(), 1);
        assert_eq!(widgets[0].name, "first");
        assert_eq!(widgets[0].color, Some(WidgetColor::Blue));

        // Each parameter the mock names must be as it says: another limit, other tags, another
        // request id, or a header it wants absent, and the server answers its own 404.
        for result in [
            client
                .list_widgets(Some(11), Some(&tags), "req-1", None)
                .await,
            client
                .list_widgets(Some(10), Some(&tags[..1].to_vec()), "req-1", None)
                .await,
            client.list_widgets(Some(10), None, "req-1", None).await,
            client
                .list_widgets(Some(10), Some(&tags), "req-2", None)
                .await,
            client
                .list_widgets(Some(10), Some(&tags), "req-1", Some(true))
                .await,
        ] {
            assert_eq!(result.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
        }
    }

    #[tokio::test]
    async fn an_optional_parameter_can_be_required_absent() {
        let server = MockServer::start().await;
        mock::list_widgets()
            .without_limit()
            .x_trace(true)
            .respond(mock::ListWidgetsThen::ok(&Vec::new()))
            .mount(&server)
            .await;
        let client = client(&server);
        let found = client.list_widgets(None, None, "r", Some(true)).await;
        assert!(found.unwrap().into_inner().is_empty());
        let limited = client.list_widgets(Some(1), None, "r", Some(true)).await;
        assert_eq!(limited.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
    }

    #[tokio::test]
    async fn a_documented_error_with_its_typed_body() {
        let server = MockServer::start().await;
        mock::list_widgets()
            .limit(-1)
            .respond(mock::ListWidgetsThen::bad_request(&Problem {
                title: Some("bad limit".into()),
                detail: Some("the limit is negative".into()),
            }))
            .mount(&server)
            .await;
        match client(&server)
            .list_widgets(Some(-1), None, "r", None)
            .await
        {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::BAD_REQUEST);
                assert_eq!(response.headers()["content-type"], "application/json");
                let problem = response.into_inner();
                assert_eq!(problem.title.as_deref(), Some("bad limit"));
                assert_eq!(problem.detail.as_deref(), Some("the limit is negative"));
            }
            other => panic!("expected the typed 400, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_json_body_and_responses_of_several_types() {
        let server = MockServer::start().await;
        let new = widget("new");
        mock::create_widget()
            .basic_value("ann", "s3cret")
            .body(&new)
            .respond(mock::CreateWidgetThen::created(&new))
            .expect(1)
            .mount(&server)
            .await;
        let taken = widget("taken");
        mock::create_widget()
            .body(&taken)
            .respond(mock::CreateWidgetThen::conflict(&Problem {
                title: Some("exists".into()),
                detail: None,
            }))
            .mount(&server)
            .await;
        let bad = widget("bad");
        mock::create_widget()
            .body(&bad)
            .respond(mock::CreateWidgetThen::unprocessable_content(
                "no such colour",
            ))
            .mount(&server)
            .await;
        let client = client(&server);

        match client.create_widget(&new).await.unwrap().into_inner() {
            CreateWidgetSuccess::Created(created) => assert_eq!(created.name, "new"),
        }
        match client.create_widget(&taken).await {
            Err(Error::ErrorResponse(response)) => match response.into_inner() {
                CreateWidgetError::Conflict(problem) => {
                    assert_eq!(problem.title.as_deref(), Some("exists"));
                }
                other => panic!("expected the typed 409, got {other:?}"),
            },
            other => panic!("expected the typed 409, got {other:?}"),
        }
        match client.create_widget(&bad).await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
                assert_eq!(response.headers()["content-type"], "text/plain");
                assert!(matches!(
                    response.into_inner(),
                    CreateWidgetError::UnprocessableContent(_)
                ));
            }
            other => panic!("expected the 422, got {other:?}"),
        }
        // Another body is not matched.
        let error = client.create_widget(&widget("other")).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }

    #[tokio::test]
    async fn basic_credentials_are_matched_by_value() {
        let server = MockServer::start().await;
        mock::create_widget()
            .basic_value("ann", "s3cret")
            .respond(mock::CreateWidgetThen::status(500))
            .expect(0)
            .mount(&server)
            .await;
        let other = builder(&server).basic("ann", "other").build().unwrap();
        let error = other.create_widget(&widget("w")).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }

    #[tokio::test]
    async fn a_cookie_credential_and_success_statuses_of_several_types() {
        let server = MockServer::start().await;
        mock::get_widget()
            .id(7)
            .session_value(SESSION)
            .respond(mock::GetWidgetThen::ok(&widget("seven")))
            .mount(&server)
            .await;
        mock::get_widget()
            .id(8)
            .session()
            .respond(mock::GetWidgetThen::no_content())
            .mount(&server)
            .await;
        let client = client(&server);
        match client.get_widget(7).await.unwrap().into_inner() {
            GetWidgetSuccess::Ok(found) => assert_eq!(found.name, "seven"),
            other => panic!("expected the widget, got {other:?}"),
        }
        assert!(matches!(
            client.get_widget(8).await.unwrap().into_inner(),
            GetWidgetSuccess::NoContent
        ));
        let error = client.get_widget(9).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        // Another session cookie is not matched.
        let other = builder(&server).session("another").build().unwrap();
        assert_eq!(
            other.get_widget(7).await.unwrap_err().status(),
            Some(StatusCode::NOT_FOUND)
        );
    }

    #[tokio::test]
    async fn a_text_body_and_a_bearer_token() {
        let server = MockServer::start().await;
        mock::put_widget_label()
            .id(7)
            .bearer_value(JWT)
            .body("New label")
            .respond(mock::PutWidgetLabelThen::no_content())
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        let response = client
            .put_widget_label(7, "New label".to_string())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let error = client
            .put_widget_label(7, "Other label".to_string())
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }

    #[tokio::test]
    async fn a_deep_object_query_parameter_in_its_style() {
        let server = MockServer::start().await;
        let filter = Filter {
            name: Some("w 1".into()),
            color: Some("red".into()),
        };
        mock::search_widgets()
            .filter(&filter)
            .respond(mock::SearchWidgetsThen::ok(&vec![widget("w 1")]))
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        let found = client.search_widgets(&filter).await.unwrap().into_inner();
        assert_eq!(found[0].name, "w 1");
        let other = Filter {
            name: Some("w 1".into()),
            color: Some("blue".into()),
        };
        let error = client.search_widgets(&other).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        let requests = server.received_requests().await.unwrap();
        assert_eq!(
            requests[0].url.query(),
            Some("filter%5Bcolor%5D=red&filter%5Bname%5D=w+1")
        );
    }
}
