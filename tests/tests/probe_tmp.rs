//! temporary probe
use tests::{RecordingServer, Reply, http_client_with_authorization};
#[tokio::test]
async fn probe() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let c = dynatrace_cluster_client::Client::new_with_client(
        &server.base_url(),
        http_client_with_authorization("Api-Token abc"),
    );
    println!("{c:?}");
    let r = c.delete_cluster_token("a/b?c#d%e f é\\g[h]|^").await;
    println!("{:?}", r.map(|v| v.status()));
    let g = gcore_iam_client::Client::new(&server.base_url()).expect("x");
    let _ = g.iam_delete_api_token_v2(-1, i64::MAX).await;
    for r in server.requests() {
        println!("{r:#?}");
    }
}
