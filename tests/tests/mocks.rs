//! The four clients' typed mocks (their `mock` feature), used as a downstream crate's tests would
//! use them: a `wiremock::MockServer` on loopback, mocks written only with the generated helpers
//! (no server written by hand), and the client pointed at it.
//!
//! For each client: a documented success; a documented error status with its typed body; a
//! request without the credential (or with another one) that the mock does not match; an
//! undocumented status; and a retry: the mock answers `503` once, then the success, and the
//! call succeeds after two attempts.

use std::time::Duration;

use client_runtime::{Error, Retry, RetryPolicy};
use reqwest::StatusCode;

/// Retries that cost a millisecond.
fn fast() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::from_millis(1))
}

/// Sends `DELETE path` with no credential, as a client of another crate would, and returns the
/// status: what a server answers a request no mock matches.
async fn delete_without_credential(uri: &str, path: &str) -> StatusCode {
    reqwest::Client::new()
        .delete(format!("{uri}{path}"))
        .send()
        .await
        .expect("the mock server answers")
        .status()
}

mod dynatrace {
    use dynatrace_cluster_client::Client;
    use dynatrace_cluster_client::mock::{self, DeleteClusterTokenThen, wiremock::MockServer};
    use dynatrace_cluster_client::types::{self, ErrorEnvelope};

    use super::*;

    const ID: &str = "4e9f128e-04f9-4795-pj319-8b7c-3c14a5e885e4";
    const TOKEN: &str = "dt0c01.ST2EY72KQINMH574WMNVI7YN";

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(&server.uri())
            .api_token(TOKEN)
            .retry(fast())
            .build()
            .expect("the client builds")
    }

    /// The mock of the request the client sends for `ID` with `TOKEN`.
    fn request() -> mock::DeleteClusterTokenWhen {
        mock::delete_cluster_token().id(ID).api_token_value(TOKEN)
    }

    #[tokio::test]
    async fn a_documented_success() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteClusterTokenThen::no_content())
            .expect(1)
            .mount(&server)
            .await;
        let response = client(&server).delete_cluster_token(ID).await.expect("204");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.attempts().count(), 1);
    }

    #[tokio::test]
    async fn a_documented_error_with_its_typed_body() {
        let server = MockServer::start().await;
        let body = ErrorEnvelope {
            error: Some(types::Error {
                code: Some(404),
                constraint_violations: Vec::new(),
                message: Some("Token not found".into()),
            }),
        };
        request()
            .respond(DeleteClusterTokenThen::not_found(&body))
            .mount(&server)
            .await;
        match client(&server).delete_cluster_token(ID).await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::NOT_FOUND);
                assert_eq!(
                    response.headers()["content-type"],
                    "application/json; charset=utf-8"
                );
                let error = response.into_inner().error.expect("the error");
                assert_eq!(error.message.as_deref(), Some("Token not found"));
                assert_eq!(error.code, Some(404));
            }
            other => panic!("expected the typed 404, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_missing_or_other_credential_is_not_matched() {
        let server = MockServer::start().await;
        // Any `Api-Token` credential: a request without one is not matched.
        mock::delete_cluster_token()
            .id(ID)
            .api_token()
            .respond(DeleteClusterTokenThen::no_content())
            .expect(0)
            .mount(&server)
            .await;
        let path = format!("/api/cluster/v2/tokens/{ID}");
        assert_eq!(
            delete_without_credential(&server.uri(), &path).await,
            StatusCode::NOT_FOUND
        );
        server.verify().await;

        // `TOKEN`: a client with another token is not matched, and the server's `404` has no
        // `ErrorEnvelope`.
        let server = MockServer::start().await;
        request()
            .respond(DeleteClusterTokenThen::no_content())
            .expect(0)
            .mount(&server)
            .await;
        let other = Client::builder()
            .base_url(&server.uri())
            .api_token("another")
            .build()
            .expect("the client builds");
        let error = other.delete_cluster_token(ID).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        server.verify().await;
    }

    #[tokio::test]
    async fn an_undocumented_status() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteClusterTokenThen::status(418).text("I'm a teapot"))
            .mount(&server)
            .await;
        match client(&server).delete_cluster_token(ID).await {
            Err(Error::UnexpectedResponse(response)) => {
                assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
                assert_eq!(response.body(), "I'm a teapot");
            }
            other => panic!("expected an unexpected response, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_503_then_a_204_succeeds_after_two_attempts() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteClusterTokenThen::status(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        request()
            .respond(DeleteClusterTokenThen::no_content())
            .mount(&server)
            .await;
        let response = client(&server)
            .delete_cluster_token(ID)
            .await
            .expect("the retry succeeds");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.attempts().count(), 2);
        assert_eq!(
            response.attempts().retries(),
            [Retry::Status(StatusCode::SERVICE_UNAVAILABLE)]
        );
    }
}

mod influxdb {
    use influxdb_cloud_dedicated_client::mock::{
        self, DeleteDatabaseTokenThen, wiremock::MockServer,
    };
    use influxdb_cloud_dedicated_client::{Client, types};
    use uuid::Uuid;

    use super::*;

    const ACCOUNT: Uuid = Uuid::from_u128(0x11111111_2222_3333_4444_555555555555);
    const CLUSTER: Uuid = Uuid::from_u128(0x66666666_7777_8888_9999_aaaaaaaaaaaa);
    const TOKEN_ID: Uuid = Uuid::from_u128(0xbbbbbbbb_cccc_dddd_eeee_ffffffffffff);
    const MANAGEMENT_TOKEN: &str = "influx-management-token";

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(&server.uri())
            .bearer_auth_management_token(MANAGEMENT_TOKEN)
            .retry(fast())
            .build()
            .expect("the client builds")
    }

    fn request() -> mock::DeleteDatabaseTokenWhen {
        mock::delete_database_token()
            .account_id(&ACCOUNT)
            .cluster_id(&CLUSTER)
            .token_id(&TOKEN_ID)
            .bearer_auth_management_token_value(MANAGEMENT_TOKEN)
    }

    async fn call(
        server: &MockServer,
    ) -> Result<client_runtime::ResponseValue<()>, Error<types::Error>> {
        client(server)
            .delete_database_token(&ACCOUNT, &CLUSTER, &TOKEN_ID)
            .await
    }

    #[tokio::test]
    async fn a_documented_success() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteDatabaseTokenThen::no_content())
            .expect(1)
            .mount(&server)
            .await;
        let response = call(&server).await.expect("204");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }

    #[tokio::test]
    async fn typed_path_parameters_must_match() {
        let server = MockServer::start().await;
        mock::delete_database_token()
            .account_id(&ACCOUNT)
            .cluster_id(&CLUSTER)
            .token_id(&Uuid::nil())
            .respond(DeleteDatabaseTokenThen::no_content())
            .expect(0)
            .mount(&server)
            .await;
        let error = call(&server).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }

    #[tokio::test]
    async fn a_documented_error_with_its_typed_body() {
        let server = MockServer::start().await;
        let body = types::Error {
            code: 403,
            message: "the token may not delete tokens".into(),
        };
        request()
            .respond(DeleteDatabaseTokenThen::forbidden(&body))
            .mount(&server)
            .await;
        match call(&server).await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::FORBIDDEN);
                let error = response.into_inner();
                assert_eq!(error.code, 403);
                assert_eq!(error.message, "the token may not delete tokens");
            }
            other => panic!("expected the typed 403, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_request_without_the_credential_is_not_matched() {
        let server = MockServer::start().await;
        mock::delete_database_token()
            .bearer_auth_management_token()
            .respond(DeleteDatabaseTokenThen::no_content())
            .expect(0)
            .mount(&server)
            .await;
        let path = format!("/accounts/{ACCOUNT}/clusters/{CLUSTER}/tokens/{TOKEN_ID}");
        assert_eq!(
            delete_without_credential(&server.uri(), &path).await,
            StatusCode::NOT_FOUND
        );
        server.verify().await;
    }

    #[tokio::test]
    async fn an_undocumented_status() {
        let server = MockServer::start().await;
        request()
            .respond(
                DeleteDatabaseTokenThen::status(409)
                    .json(&serde_json::json!({"message": "in use"})),
            )
            .mount(&server)
            .await;
        match call(&server).await {
            Err(Error::UnexpectedResponse(response)) => {
                assert_eq!(response.status(), StatusCode::CONFLICT);
                assert_eq!(response.message().as_deref(), Some("in use"));
            }
            other => panic!("expected an unexpected response, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_503_then_a_204_succeeds_after_two_attempts() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteDatabaseTokenThen::status(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        request()
            .respond(DeleteDatabaseTokenThen::no_content())
            .mount(&server)
            .await;
        let response = call(&server).await.expect("the retry succeeds");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.attempts().count(), 2);
    }
}

mod gcore {
    use gcore_iam_client::Client;
    use gcore_iam_client::mock::{self, IamDeleteApiTokenV2Then, wiremock::MockServer};

    use super::*;

    const CLIENT_ID: i64 = 1_234_567;
    const TOKEN_ID: i64 = 89;
    const API_KEY: &str = "gcore-permanent-api-token";

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(&server.uri())
            .api_key(API_KEY)
            .retry(fast())
            .build()
            .expect("the client builds")
    }

    fn request() -> mock::IamDeleteApiTokenV2When {
        mock::iam_delete_api_token_v2()
            .client_id(CLIENT_ID)
            .token_id(TOKEN_ID)
            .api_key_value(API_KEY)
    }

    async fn call(server: &MockServer) -> Result<client_runtime::ResponseValue<()>, Error<()>> {
        client(server)
            .iam_delete_api_token_v2(CLIENT_ID, TOKEN_ID)
            .await
    }

    #[tokio::test]
    async fn a_documented_success() {
        let server = MockServer::start().await;
        request()
            .respond(IamDeleteApiTokenV2Then::no_content())
            .expect(1)
            .mount(&server)
            .await;
        assert_eq!(
            call(&server).await.expect("204").status(),
            StatusCode::NO_CONTENT
        );
    }

    #[tokio::test]
    async fn a_documented_error_status() {
        let server = MockServer::start().await;
        // Gcore documents its 403 without a body: the typed body is `()`.
        request()
            .respond(IamDeleteApiTokenV2Then::forbidden())
            .mount(&server)
            .await;
        match call(&server).await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::FORBIDDEN);
                let () = response.into_inner();
            }
            other => panic!("expected the documented 403, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_request_without_the_credential_is_not_matched() {
        let server = MockServer::start().await;
        mock::iam_delete_api_token_v2()
            .api_key()
            .respond(IamDeleteApiTokenV2Then::no_content())
            .expect(0)
            .mount(&server)
            .await;
        let path = format!("/iam/v2/clients/{CLIENT_ID}/tokens/{TOKEN_ID}");
        assert_eq!(
            delete_without_credential(&server.uri(), &path).await,
            StatusCode::NOT_FOUND
        );
        server.verify().await;
    }

    #[tokio::test]
    async fn an_undocumented_status() {
        let server = MockServer::start().await;
        request()
            .respond(
                IamDeleteApiTokenV2Then::status(401)
                    .json(&serde_json::json!({"detail": "Invalid token"})),
            )
            .mount(&server)
            .await;
        match call(&server).await {
            Err(Error::UnexpectedResponse(response)) => {
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
                assert_eq!(response.message().as_deref(), Some("Invalid token"));
            }
            other => panic!("expected an unexpected response, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_503_then_a_204_succeeds_after_two_attempts() {
        let server = MockServer::start().await;
        request()
            .respond(IamDeleteApiTokenV2Then::status(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        request()
            .respond(IamDeleteApiTokenV2Then::no_content())
            .mount(&server)
            .await;
        let response = call(&server).await.expect("the retry succeeds");
        assert_eq!(response.attempts().count(), 2);
    }
}

mod netbird {
    use netbird_client::Client;
    use netbird_client::mock::{self, DeleteTokenThen, wiremock::MockServer};

    use super::*;

    const USER_ID: &str = "cq3fnnd6lnnc73c1rkgg";
    /// An id the client percent-encodes: the mock matches it decoded.
    const TOKEN_ID: &str = "token id/1";
    const PERSONAL_ACCESS_TOKEN: &str = "nbp_F3f0dW6pTbq9ZkX1vR2sY7uA4cE8hJ0mN5oQ";

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(&server.uri())
            .token_auth(PERSONAL_ACCESS_TOKEN)
            .retry(fast())
            .build()
            .expect("the client builds")
    }

    fn request() -> mock::DeleteTokenWhen {
        mock::delete_token()
            .user_id(USER_ID)
            .token_id(TOKEN_ID)
            .token_auth_value(PERSONAL_ACCESS_TOKEN)
    }

    async fn call(client: &Client) -> Result<client_runtime::ResponseValue<()>, Error<()>> {
        client.delete_token(USER_ID, TOKEN_ID).await
    }

    #[tokio::test]
    async fn a_documented_success() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteTokenThen::ok())
            .expect(1)
            .mount(&server)
            .await;
        let response = call(&client(&server)).await.expect("200");
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn a_documented_error_status() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteTokenThen::unauthorized())
            .mount(&server)
            .await;
        match call(&client(&server)).await {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            }
            other => panic!("expected the documented 401, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn another_schemes_credential_is_not_matched() {
        let server = MockServer::start().await;
        // A personal access token (`Token …`) is expected; a JWT (`Bearer …`) is not it.
        mock::delete_token()
            .token_auth()
            .respond(DeleteTokenThen::ok())
            .expect(0)
            .mount(&server)
            .await;
        let jwt = Client::builder()
            .base_url(&server.uri())
            .bearer_auth("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
            .build()
            .expect("the client builds");
        match call(&jwt).await {
            Err(Error::UnexpectedResponse(response)) => {
                assert_eq!(response.status(), StatusCode::NOT_FOUND);
            }
            other => panic!("expected the server's 404, got {other:?}"),
        }
        let path = format!("/api/users/{USER_ID}/tokens/t1");
        assert_eq!(
            delete_without_credential(&server.uri(), &path).await,
            StatusCode::NOT_FOUND
        );
        server.verify().await;
    }

    #[tokio::test]
    async fn an_undocumented_status() {
        let server = MockServer::start().await;
        request()
            .respond(
                DeleteTokenThen::status(404)
                    .json(&serde_json::json!({"message": "token not found", "code": 404})),
            )
            .mount(&server)
            .await;
        match call(&client(&server)).await {
            Err(Error::UnexpectedResponse(response)) => {
                assert_eq!(response.status(), StatusCode::NOT_FOUND);
                assert_eq!(response.message().as_deref(), Some("token not found"));
            }
            other => panic!("expected an unexpected response, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_503_then_a_200_succeeds_after_two_attempts() {
        let server = MockServer::start().await;
        request()
            .respond(DeleteTokenThen::status(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        // NetBird documents `200` as its success.
        request()
            .respond(DeleteTokenThen::ok())
            .mount(&server)
            .await;
        let response = call(&client(&server)).await.expect("the retry succeeds");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.attempts().count(), 2);
        assert_eq!(
            response.attempts().retries(),
            [Retry::Status(StatusCode::SERVICE_UNAVAILABLE)]
        );
    }
}
