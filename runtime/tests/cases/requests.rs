//! What goes into a request besides credentials: path, query and header parameters, the body,
//! `Accept`; and a call's future can move between threads.

use recording_server::{
    AWKWARD_ID, AWKWARD_ID_ENCODED, DANGEROUS_PATH_VALUES, RecordingServer, Reply,
    assert_dangerous_values_refused,
};

use crate::generated::types::Widget;
use crate::generated::{Client, Error};
use crate::support::{
    TOKEN, USER_AGENT, assert_hides_secrets, assert_sent, builder_with_every_credential, client,
    expect_error,
};

#[tokio::test]
async fn dangerous_path_values_are_refused_before_sending() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    assert_dangerous_values_refused(
        &server,
        TOKEN,
        |id| client.delete_token(id),
        |error| matches!(error, Error::InvalidRequest(_)),
    )
    .await;
    let widget = Widget {
        name: "w".to_owned(),
        size: None,
    };
    for id in DANGEROUS_PATH_VALUES {
        for error in [
            client.get_widget(id, None).await.map(|_| ()),
            client.put_widget(id, &widget).await.map(|_| ()),
            client.get_report(id).await.map(|_| ()),
            client.export_widget(id).await.map(|_| ()),
        ]
        .into_iter()
        .map(expect_error)
        {
            assert!(
                matches!(error, Error::InvalidRequest(_)),
                "{id:?}: {error:?}"
            );
            assert!(error.attempts().is_none());
        }
    }
    server.assert_no_request();
}

#[tokio::test]
async fn a_path_parameter_is_encoded_into_one_segment() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);

    client
        .delete_token(AWKWARD_ID)
        .await
        .expect("the documented success");
    // What looks like a dot segment but is not one is sent as it is.
    client
        .delete_token("...")
        .await
        .expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].path_and_query,
        format!("/v1/tokens/{AWKWARD_ID_ENCODED}")
    );
    assert_eq!(requests[1].path_and_query, "/v1/tokens/...");
}

#[tokio::test]
async fn query_parameters_are_encoded_and_left_out_when_absent() {
    let server = RecordingServer::start(Reply::status(200).json(&serde_json::json!([
        {"name": "a b", "size": 1},
        {"name": "a bc"}
    ])))
    .await;
    let client = client(&server);

    let widgets = client
        .list_widgets(Some(10), Some("a b&c=d"))
        .await
        .expect("the documented success")
        .into_inner();
    client
        .list_widgets(None, None)
        .await
        .expect("the documented success");
    client
        .list_widgets(None, Some(""))
        .await
        .expect("the documented success");

    assert_eq!(widgets.len(), 2);
    assert_eq!(widgets[0].name, "a b");
    assert_eq!(widgets[1].size, None);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests[0].assert_exact("GET", "/v1/widgets?limit=10&prefix=a+b%26c%3Dd", None);
    requests[1].assert_exact("GET", "/v1/widgets", None);
    requests[2].assert_exact("GET", "/v1/widgets?prefix=", None);
}

#[tokio::test]
async fn a_header_parameter_is_sent() {
    let server =
        RecordingServer::start(Reply::status(200).json(&serde_json::json!({"name": "w"}))).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    client
        .get_widget("w1", Some("trace-1"))
        .await
        .expect("the documented success");
    client
        .get_widget("w1", None)
        .await
        .expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("x-trace-id"), Some("trace-1"));
    assert_eq!(requests[1].header("x-trace-id"), None);
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_refused_before_sending() {
    let server =
        RecordingServer::start(Reply::status(200).json(&serde_json::json!({"name": "w"}))).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    for value in [
        "trace\r\nX-Injected: yes",
        "trace\nX-Injected: yes",
        "trace\rX",
        "trace\0",
    ] {
        let error = expect_error(client.get_widget("w1", Some(value)).await);
        match &error {
            Error::InvalidRequest(reason) => assert!(!reason.contains("X-Injected"), "{reason}"),
            other => panic!("{value:?}: expected Error::InvalidRequest, got {other:?}"),
        }
        assert!(error.attempts().is_none());
        assert_hides_secrets(&error);
    }
    server.assert_no_request();
}

#[tokio::test]
async fn a_json_body_is_sent_as_json() {
    let server = RecordingServer::start(
        Reply::status(201).json(&serde_json::json!({"name": "w", "size": 4})),
    )
    .await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");
    let widget = Widget {
        name: "w".to_owned(),
        size: Some(4),
    };

    let created = client
        .create_widget(&widget)
        .await
        .expect("the documented success");

    assert_eq!(created.status(), 201);
    assert_eq!(created.into_inner().size, Some(4));
    let request = server.single_request();
    request.assert_exact(
        "POST",
        "/v1/widgets",
        Some(&serde_json::json!({"name": "w", "size": 4})),
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", crate::support::BEARER).as_str())
    );
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert_eq!(request.header("api-version"), None);
}

#[tokio::test]
async fn the_accept_header_says_what_the_operation_reads() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = builder_with_every_credential(&server)
        .build()
        .expect("the client builds");

    // JSON responses: progenitor asks for JSON.
    let _ = client.get_health().await;
    let _ = client.list_widgets(None, None).await;
    let _ = client.get_widget("w1", None).await;
    // A JSON error body with a body-less success, too.
    let _ = client.delete_token("t1").await;
    // Responses read per status, one of them JSON: the runtime asks for JSON.
    let _ = client.export_widget("w1").await;
    // No body at all: reqwest's default.
    client.get_session().await.expect("the documented success");
    client.get_status().await.expect("the documented success");
    client
        .get_report("r1")
        .await
        .expect("the documented success");

    let accepts: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| {
            // The path without the query (the query key of `get_widget`).
            let path = r.path_and_query.split('?').next().unwrap_or_default();
            let accept = r.header("accept").unwrap_or("<none>");
            (path.to_owned(), accept.to_owned())
        })
        .collect();
    let expected = [
        ("/v1/health", "application/json"),
        ("/v1/widgets", "application/json"),
        ("/v1/widgets/w1", "application/json"),
        ("/v1/tokens/t1", "application/json"),
        ("/v1/widgets/w1/export", "application/json"),
        ("/v1/session", "*/*"),
        ("/v1/status", "*/*"),
        ("/v1/reports/r1", "*/*"),
    ]
    .map(|(path, accept)| (path.to_owned(), accept.to_owned()));
    assert_eq!(accepts, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_can_run_on_another_thread() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);

    let task = tokio::spawn(async move { client.delete_token(crate::support::TOKEN_ID).await });
    task.await
        .expect("the task completes")
        .expect("the documented success");

    assert_sent(&server.single_request());
}

/// The futures of every operation are `Send`: checked at compile time.
#[allow(dead_code)]
fn every_call_is_send(client: &Client, widget: &Widget) {
    fn send<T: Send>(_: T) {}
    send(client.delete_token("t"));
    send(client.get_health());
    send(client.get_status());
    send(client.get_session());
    send(client.get_report("r"));
    send(client.list_widgets(None, None));
    send(client.create_widget(widget));
    send(client.get_widget("w", None));
    send(client.put_widget("w", widget));
    send(client.export_widget("w"));
}

#[tokio::test]
async fn query_parameters_arrive_in_their_styles() {
    use crate::generated::types::{SearchWidgetsWhere, WidgetFilter, WidgetFilterOwner};

    let server = RecordingServer::start(Reply::status(204)).await;
    let client = client(&server);
    let filter = WidgetFilter {
        name: Some("a b".into()),
        owner: Some(WidgetFilterOwner { id: Some(7) }),
        tags: vec!["x".into(), "y&z".into()],
    };
    let where_ = SearchWidgetsWhere { size: Some(3) };
    client
        .search_widgets(
            Some(&vec!["red".into(), "blue".into()]),
            Some(&filter),
            Some(&vec![1, 2]),
            Some(&where_),
        )
        .await
        .expect("the documented success");
    // Absent parameters send nothing; an empty deep object sends no pair.
    client
        .search_widgets(None, Some(&WidgetFilter::default()), None, None)
        .await
        .expect("the documented success");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_exact(
        "GET",
        "/v1/widgets/search?colors=red%7Cblue\
         &filter%5Bname%5D=a+b&filter%5Bowner%5D%5Bid%5D=7\
         &filter%5Btags%5D=x%2Cy%26z\
         &ids=1%2C2\
         &where=%7B%22size%22%3A3%7D",
        None,
    );
    requests[1].assert_exact("GET", "/v1/widgets/search", None);
}
