//! Each client's runnable example, `examples/delete_token.rs` (generated from the `[examples]`
//! of its settings file), run as a user runs it: built by cargo, given the credential in its
//! environment variable and the ids as arguments, against a real HTTP server on loopback.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use tests::{RecordingServer, Reply};

/// The example of every client: (package, the credential's environment variable).
const CLIENTS: [(&str, &str); 4] = [
    ("dynatrace-cluster-client", "DYNATRACE_API_TOKEN"),
    ("gcore-iam-client", "GCORE_API_KEY"),
    ("influxdb-cloud-dedicated-client", "INFLUX_MANAGEMENT_TOKEN"),
    ("netbird-client", "NETBIRD_API_TOKEN"),
];

const NETBIRD_TOKEN: &str = "nbp_example_0b6d2f";

/// The example program of `package`, built once. The four examples share the name
/// `delete_token`, so cargo puts each in the same place: each is built on its own, in turn, and
/// copied aside before the next.
fn example(package: &str) -> PathBuf {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(String, PathBuf)>)> = OnceLock::new();
    let (_dir, built) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut built = Vec::new();
        for (package, _) in CLIENTS {
            let out = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "--package", package])
                .args(["--example", "delete_token", "--message-format=json"])
                .current_dir(&root)
                .stderr(Stdio::inherit())
                .output()
                .expect("cargo runs");
            assert!(out.status.success(), "building {package}'s example failed");
            let executable = String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter(|m| m["reason"] == "compiler-artifact")
                .find_map(|m| m["executable"].as_str().map(PathBuf::from))
                .expect("cargo names the example's executable");
            let copy = dir.path().join(package);
            std::fs::copy(&executable, &copy).expect("the example is copied");
            built.push((package.to_string(), copy));
        }
        (dir, built)
    });
    built
        .iter()
        .find(|(p, _)| p == package)
        .map(|(_, path)| path.clone())
        .expect("a client of CLIENTS")
}

/// Runs the example of `package` with `args` and the environment `env` (and no other
/// credential variable), with standard input closed: not a terminal.
async fn run(package: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let program = example(package);
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(program);
        command.args(args).stdin(Stdio::null());
        for (_, variable) in CLIENTS {
            command.env_remove(variable);
        }
        command.envs(env).output().expect("the example runs")
    })
    .await
    .expect("the example's thread")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test]
async fn a_confirmed_delete_prints_one_line_and_succeeds() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let out = run(
        "netbird-client",
        &[
            "user-1",
            "token-2",
            "--yes",
            "--base-url",
            &server.base_url(),
        ],
        &[("NETBIRD_API_TOKEN", NETBIRD_TOKEN)],
    )
    .await;

    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Delete a Token (user_id=user-1, token_id=token-2): 200 OK after 1 attempt(s)\n"
    );
    assert_eq!(stderr(&out), "");
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path_and_query, "/api/users/user-1/tokens/token-2");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Token {NETBIRD_TOKEN}").as_str())
    );
}

#[tokio::test]
async fn a_failed_delete_says_why_and_exits_non_zero() {
    let server = RecordingServer::start(Reply::status(403)).await;
    let out = run(
        "netbird-client",
        &["user-1", "token-2", "-y", "--base-url", &server.base_url()],
        &[("NETBIRD_API_TOKEN", NETBIRD_TOKEN)],
    )
    .await;

    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let message = stderr(&out);
    assert!(
        message.starts_with("error: ") && message.contains("403"),
        "{message}"
    );
    assert!(!message.contains(NETBIRD_TOKEN), "{message}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn without_yes_and_without_a_terminal_nothing_is_sent() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let out = run(
        "netbird-client",
        &["user-1", "token-2", "--base-url", &server.base_url()],
        &[("NETBIRD_API_TOKEN", NETBIRD_TOKEN)],
    )
    .await;

    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
    server.assert_no_request();
}

#[tokio::test]
async fn without_the_credential_nothing_is_sent() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let out = run(
        "netbird-client",
        &[
            "user-1",
            "token-2",
            "--yes",
            "--base-url",
            &server.base_url(),
        ],
        &[],
    )
    .await;

    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: set `NETBIRD_API_TOKEN` to the credential first\n"
    );
    server.assert_no_request();
}

#[tokio::test]
async fn the_ids_are_checked_and_encoded_as_the_client_does() {
    // InfluxDB's ids are UUIDs: anything else is refused by the command line.
    let out = run(
        "influxdb-cloud-dedicated-client",
        &["not-a-uuid", "x", "y", "--yes"],
        &[("INFLUX_MANAGEMENT_TOKEN", "t")],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<ACCOUNT_ID>"), "{}", stderr(&out));

    // Dynatrace: the server variable is an option, the id is encoded into one segment.
    let server = RecordingServer::start(Reply::status(204)).await;
    let out = run(
        "dynatrace-cluster-client",
        &["a/b", "--yes", "--base-url", &server.base_url()],
        &[("DYNATRACE_API_TOKEN", "dt0c01.secret")],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        server.single_request().path_and_query,
        "/api/cluster/v2/tokens/a%2Fb"
    );
}

#[tokio::test]
async fn every_example_explains_itself() {
    for (package, variable) in CLIENTS {
        let out = run(package, &["--help"], &[]).await;
        assert_eq!(out.status.code(), Some(0), "{package}: {}", stderr(&out));
        let help = stdout(&out);
        assert!(
            help.contains(&format!("The credential is read from `{variable}`")),
            "{package}: {help}"
        );
        assert!(help.contains("--yes"), "{package}: {help}");
        assert!(help.contains("Usage: "), "{package}: {help}");
    }
}

/// Runs the example of `package` on a terminal (`script` from util-linux gives it one), typing
/// `answer` at its prompt; `None` where `script` is not installed.
async fn run_on_a_terminal(
    package: &str,
    args: &[&str],
    env: &[(&str, &str)],
    answer: &str,
) -> Option<Output> {
    let program = example(package);
    let line = std::iter::once(program.display().to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let answer = answer.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::Write as _;
        let mut command = Command::new("script");
        command
            .args(["--quiet", "--return", "--command", &line, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (_, variable) in CLIENTS {
            command.env_remove(variable);
        }
        let mut child = command.envs(env).spawn().ok()?;
        child
            .stdin
            .take()
            .expect("its input")
            .write_all(answer.as_bytes())
            .expect("the answer is typed");
        Some(child.wait_with_output().expect("the example runs"))
    })
    .await
    .expect("the example's thread")
}

#[tokio::test]
async fn on_a_terminal_the_answer_decides() {
    let server = RecordingServer::start(Reply::status(200)).await;
    let args = ["user-1", "token-2", "--base-url", &server.base_url()];
    let env = [("NETBIRD_API_TOKEN", NETBIRD_TOKEN)];

    let Some(out) = run_on_a_terminal("netbird-client", &args, &env, "n\n").await else {
        eprintln!(
            "skipped: `script` (util-linux) is not installed, so there is no terminal to run the example on"
        );
        return;
    };
    // What the terminal showed: the question, then the answer's outcome.
    let shown = stdout(&out);
    assert!(
        shown.contains("Delete a Token (user_id=user-1, token_id=token-2)? This sends `DELETE /api/users/{userId}/tokens/{tokenId}`. [y/N]"),
        "{shown}"
    );
    assert!(shown.contains("cancelled: nothing was sent"), "{shown}");
    assert_eq!(out.status.code(), Some(1));
    server.assert_no_request();

    let out = run_on_a_terminal("netbird-client", &args, &env, "y\n")
        .await
        .expect("`script` ran before");
    let shown = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains(
            "Delete a Token (user_id=user-1, token_id=token-2): 200 OK after 1 attempt(s)"
        ),
        "{shown}"
    );
    assert_eq!(
        server.single_request().path_and_query,
        "/api/users/user-1/tokens/token-2"
    );
}
