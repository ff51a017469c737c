//! `cargo xtask upstream` as a user (or a scheduled CI job) runs it, against sources on this
//! machine only: documents served over HTTP on 127.0.0.1, git repositories in temporary
//! folders, a port nothing listens on, and a server that never answers.

// In tests a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod common;

use common::{copy_workspace, repo, snapshot, text};

fn spec(name: &str) -> String {
    std::fs::read_to_string(repo().join("specs").join(name)).unwrap()
}

/// A copy of the workspace's specs and clients in a temporary folder, with `manifest` as
/// its `specs/upstream.toml`.
fn workspace(manifest: &str) -> tempfile::TempDir {
    let dir = copy_workspace();
    std::fs::write(dir.path().join("specs/upstream.toml"), manifest).unwrap();
    dir
}

/// Runs the xtask on the workspace at `dir`, with no proxy from the environment, so that
/// requests to 127.0.0.1 go there directly.
fn xtask(args: &[&str], dir: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(var);
    }
    command
        .args(args)
        .arg("--workspace")
        .arg(dir)
        .output()
        .unwrap()
}

/// Both streams, for failure messages.
fn both(out: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    )
}

/// Serves `files` (path → body) over HTTP/1.1 on 127.0.0.1 until the test ends; anything
/// else is a 404. Returns the base URL.
fn serve(files: Vec<(&str, String)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let files: Vec<(String, String)> = files.into_iter().map(|(p, b)| (p.to_string(), b)).collect();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let path = request_path(&mut stream);
            let (status, body) = match files.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", body.as_str()),
                None => ("404 Not Found", "not found"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

/// The path of the request on `stream`, read up to the end of its headers.
fn request_path(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    text(&head)
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string()
}

/// A server that accepts connections and never answers. Returns the base URL.
fn silent() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming() {
            open.push(stream);
        }
    });
    base
}

/// A URL on 127.0.0.1 that nothing listens on.
fn closed() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    base
}

/// A manifest of the given entries; every other spec is unpublished.
fn manifest(entries: &str) -> String {
    let mut out = entries.to_string();
    for name in [
        "dynatrace-cluster",
        "gcore-iam",
        "influxdb-cloud-dedicated",
        "netbird",
    ] {
        if !entries.contains(&format!("[{name}]")) {
            out += &format!("\n[{name}]\nunpublished = \"not checked in this test\"\n");
        }
    }
    out
}

/// NetBird's spec with an optional query parameter `force` on its operation.
fn netbird_with_force() -> String {
    let spec = spec("netbird.json");
    let edited = spec.replacen(
        "\"parameters\": [\n",
        "\"parameters\": [\n          {\"in\": \"query\", \"name\": \"force\", \"required\": false, \"schema\": {\"type\": \"boolean\"}},\n",
        1,
    );
    assert_ne!(edited, spec);
    edited
}

/// Gcore's spec with an optional query parameter `force`.
fn gcore_with_force() -> String {
    let spec = spec("gcore-iam.yaml");
    let edited = spec.replacen(
        "        - $ref: '#/components/parameters/TokenID'\n",
        "        - $ref: '#/components/parameters/TokenID'\n        - {name: force, in: query, required: false, schema: {type: boolean}}\n",
        1,
    );
    assert_ne!(edited, spec);
    edited
}

#[test]
fn a_new_optional_parameter_upstream_is_reported_and_exits_1() {
    let base = serve(vec![("/netbird.json", netbird_with_force())]);
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let before = snapshot(dir.path());

    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "netbird: specs/netbird.json against {base}/netbird.json\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("new-optional-request-parameter: "),
        "{stdout}"
    );
    assert!(stdout.contains("`force`"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("1 changed upstream (netbird)")
            && stderr.contains("run `cargo xtask upstream netbird`"),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");

    let out = xtask(&["upstream", "--check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changed"], serde_json::json!(["netbird"]));
    let netbird = json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "netbird")
        .unwrap();
    assert_eq!(netbird["status"], "changed");
    let ids: Vec<&str> = netbird["report"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["new-optional-request-parameter"]);
    let gcore = json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "gcore-iam")
        .unwrap();
    assert_eq!(gcore["status"], "unpublished");
}

#[test]
fn an_identical_document_is_no_change_and_exits_0() {
    let base = serve(vec![("/netbird.json", spec("netbird.json"))]);
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let out = xtask(&["upstream", "--check", "netbird"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(
        text(&out.stdout),
        format!("netbird: specs/netbird.json against {base}/netbird.json\nno change to the API\n")
    );
    assert!(
        text(&out.stderr).contains("upstream: 1 spec(s): 0 changed upstream, 1 unchanged"),
        "{}",
        both(&out)
    );
}

#[test]
fn additions_are_reapplied_and_one_that_no_longer_applies_is_a_warning() {
    // The provider's document, without what we add, and with a new parameter.
    let published = gcore_with_force()
        .replace("      x-credential-prefix: APIKey\n", "")
        .replace("      x-credential-env: GCORE_API_KEY\n", "");
    assert!(!published.contains("x-credential"));
    let base = serve(vec![("/iam_api.yaml", published)]);
    let dir = workspace(&manifest(&format!(
        r#"[gcore-iam]
url = "{base}/iam_api.yaml"
operations = ["DELETE /iam/v2/clients/{{clientId}}/tokens/{{tokenId}}"]

[[gcore-iam.additions]]
pointer = "/components/securitySchemes/APIKey/x-credential-prefix"
value = "APIKey"

[[gcore-iam.additions]]
pointer = "/components/securitySchemes/APIKey/x-credential-env"
value = "GCORE_API_KEY"

[[gcore-iam.additions]]
pointer = "/components/securitySchemes/OldKey/x-credential-env"
value = "GCORE_OLD_KEY"
"#
    )));
    let warning = "warning: gcore-iam: the addition `/components/securitySchemes/OldKey/x-credential-env` \
         no longer applies: `/components/securitySchemes/OldKey` is not in the published document\n \
         --> specs/upstream.toml:14\n  = help: find where the provider publishes what it \
         belonged to now and change its `pointer`, or remove the addition";

    let out = xtask(&["upstream", "--check", "gcore-iam"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("new-optional-request-parameter"),
        "{stdout}"
    );
    assert!(!stdout.contains("security"), "{stdout}");
    assert!(text(&out.stderr).contains(warning), "{}", both(&out));

    let out = xtask(&["upstream", "gcore-iam"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(warning), "{stderr}");
    for line in [
        "  addition `/components/securitySchemes/APIKey/x-credential-prefix`: re-applied\n",
        "  addition `/components/securitySchemes/APIKey/x-credential-env`: re-applied\n",
        "  addition `/components/securitySchemes/OldKey/x-credential-env`: no longer applies (see the warning above)\n",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    let written = std::fs::read_to_string(dir.path().join("specs/gcore-iam.yaml")).unwrap();
    assert!(
        written.contains(
            "  securitySchemes:\n    APIKey:\n      description: |-\n        API key for authentication."
        ) && written.contains(
            "      name: Authorization\n      x-credential-prefix: APIKey\n      x-credential-env: GCORE_API_KEY\n"
        ),
        "{written}"
    );
    assert!(!written.contains("OldKey"), "{written}");
    let code =
        std::fs::read_to_string(dir.path().join("clients/gcore-iam/src/generated.rs")).unwrap();
    assert!(code.contains("GCORE_API_KEY"), "{code}");
}

#[test]
fn an_unreachable_source_is_reported_and_fatal_only_with_strict() {
    let base = closed();
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "netbird: specs/netbird.json against {base}/netbird.json\ncannot check: "
        )),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("1 could not be checked (netbird)"),
        "{}",
        both(&out)
    );

    let out = xtask(&["upstream", "--check", "--strict"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("error: 1 source(s) could not be checked (--strict): netbird"),
        "{}",
        both(&out)
    );

    // A document that is not YAML or JSON is reported the same way.
    let base = serve(vec![("/netbird.json", "{ not json".to_string())]);
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stdout).contains("cannot check: the published document cannot be parsed"),
        "{}",
        both(&out)
    );
    let out = xtask(&["upstream", "--check", "--strict"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));

    // And an HTTP error.
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/elsewhere.json\"\n"
    )));
    let out = xtask(&["upstream", "--check"], dir.path());
    assert!(
        text(&out.stdout).contains("cannot check: the server answered HTTP 404"),
        "{}",
        both(&out)
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let base = silent();
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let started = Instant::now();
    let out = xtask(&["upstream", "--check", "--timeout", "0.5"], dir.path());
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stdout).contains("cannot check: no complete answer within 0.5 s (--timeout)"),
        "{}",
        both(&out)
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");

    // git over HTTP, to a server that never answers, is stopped at the timeout too.
    let dir = workspace(&manifest(&format!(
        "[netbird]\ngit = \"{base}/netbird.git\"\nref = \"main\"\npath = \"openapi.json\"\n"
    )));
    let started = Instant::now();
    let out = xtask(&["upstream", "--check", "--timeout", "1"], dir.path());
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stdout).contains("git did not finish within 1 s (--timeout)"),
        "{}",
        both(&out)
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", both(&out));
}

#[test]
fn a_git_source_is_read_at_its_ref() {
    // A repository whose tag `v1` has the document with a new parameter and whose `main`
    // has it as committed.
    let upstream = tempfile::tempdir().unwrap();
    let repo = upstream.path();
    git(repo, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::create_dir_all(repo.join("api")).unwrap();
    std::fs::write(repo.join("api/openapi.json"), netbird_with_force()).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "--quiet", "-m", "force"]);
    git(repo, &["tag", "v1"]);
    std::fs::write(repo.join("api/openapi.json"), spec("netbird.json")).unwrap();
    git(repo, &["commit", "--quiet", "-am", "no force"]);

    let location = repo.display().to_string();
    let file_url = format!("file://{location}");
    // A relative path is found from the workspace root; both folders are in the same
    // temporary folder.
    let relative = format!("../{}", repo.file_name().unwrap().to_string_lossy());
    for (source, reference, code) in [
        (&location, "main", 0),
        (&location, "v1", 1),
        (&file_url, "main", 0),
        (&file_url, "v1", 1),
        (&relative, "v1", 1),
    ] {
        let dir = workspace(&manifest(&format!(
            "[netbird]\ngit = \"{source}\"\nref = \"{reference}\"\npath = \"api/openapi.json\"\n"
        )));
        let out = xtask(&["upstream", "--check", "netbird"], dir.path());
        assert_eq!(out.status.code(), Some(code), "{reference}: {}", both(&out));
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with(&format!(
                "netbird: specs/netbird.json against api/openapi.json at `{reference}` of {source}\n"
            )),
            "{stdout}"
        );
        assert_eq!(
            stdout.contains("new-optional-request-parameter"),
            code == 1,
            "{stdout}"
        );
    }

    // A ref or a path that is not there is reported.
    for (reference, path, reason) in [
        ("v2", "api/openapi.json", "cannot fetch `v2` of"),
        (
            "main",
            "openapi.json",
            "`openapi.json` is not a file at `main` of",
        ),
    ] {
        let dir = workspace(&manifest(&format!(
            "[netbird]\ngit = \"{location}\"\nref = \"{reference}\"\npath = \"{path}\"\n"
        )));
        let out = xtask(&["upstream", "--check", "--strict", "netbird"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{}", both(&out));
        assert!(
            text(&out.stdout).contains(&format!("cannot check: {reason}")),
            "{}",
            both(&out)
        );
    }
}

#[test]
fn writing_updates_each_spec_in_its_format_and_regenerates_its_client() {
    let base = serve(vec![
        ("/netbird.json", netbird_with_force()),
        ("/iam_api.yaml", gcore_with_force()),
    ]);
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n\n[gcore-iam]\nurl = \"{base}/iam_api.yaml\"\n"
    )));
    let out = xtask(&["upstream"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "updated specs/netbird.json from {base}/netbird.json: 1 change"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("regenerating: gcore-iam netbird"),
        "{stderr}"
    );

    // JSON stays JSON, YAML stays YAML, each with the new parameter.
    let netbird = std::fs::read_to_string(dir.path().join("specs/netbird.json")).unwrap();
    assert!(
        netbird.starts_with("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {"),
        "{netbird}"
    );
    let value: serde_json::Value = serde_json::from_str(&netbird).unwrap();
    assert_eq!(
        value["paths"]["/api/users/{userId}/tokens/{tokenId}"]["delete"]["parameters"][0]["name"],
        "force"
    );
    let gcore = std::fs::read_to_string(dir.path().join("specs/gcore-iam.yaml")).unwrap();
    assert!(gcore.starts_with("openapi: 3.1.0\ninfo:\n"), "{gcore}");
    assert!(gcore.contains("name: force"), "{gcore}");

    // The clients were regenerated through `gen`: they take the new argument, and
    // `gen --check` finds them up to date.
    for client in ["netbird", "gcore-iam"] {
        let code = std::fs::read_to_string(
            dir.path()
                .join(format!("clients/{client}/src/generated.rs")),
        )
        .unwrap();
        assert!(code.contains("force: Option<bool>"), "{client}:\n{code}");
    }
    let out = xtask(&["gen", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));

    // Nothing is left to do, and the output is the same on a second run.
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let before = snapshot(dir.path());
    let out = xtask(&["upstream"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("nothing changed upstream; no spec was written"),
        "{}",
        both(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn writing_changes_nothing_when_a_fetch_fails() {
    let base = serve(vec![("/netbird.json", netbird_with_force())]);
    let gone = closed();
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n\n[gcore-iam]\nurl = \"{gone}/iam_api.yaml\"\n"
    )));
    let before = snapshot(dir.path());
    let out = xtask(&["upstream"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        text(&out.stderr)
            .contains("error: 1 source(s) could not be checked (gcore-iam); nothing was written"),
        "{}",
        both(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn writing_puts_the_specs_back_when_the_clients_cannot_be_regenerated() {
    // A path template whose parameter is not declared: the diff reads it, gen refuses it.
    let broken = spec("netbird.json").replacen(
        "  \"paths\": {\n",
        "  \"paths\": {\n    \"/api/broken/{id}\": {\"get\": {\"operationId\": \"broken\", \"responses\": {\"200\": {\"description\": \"ok\"}}}},\n",
        1,
    );
    let base = serve(vec![("/netbird.json", broken)]);
    let dir = workspace(&manifest(&format!(
        "[netbird]\nurl = \"{base}/netbird.json\"\n"
    )));
    let before = snapshot(dir.path());
    let out = xtask(&["upstream"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[path-parameter]"), "{stderr}");
    assert!(
        stderr.contains("the specs were put back as they were"),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_bad_manifest_is_located_and_exits_2() {
    let dir = workspace(&manifest(
        "[netbird]\nurl = \"ftp://example.com/openapi.json\"\n\n[[netbird.additions]]\npointer = \"components\"\nvalue = 1\n\n[netbrid]\nunpublished = \"typo\"\n",
    ));
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let stderr = text(&out.stderr);
    for expected in [
        "error[upstream-manifest]: `ftp://example.com/openapi.json` is not an http or https URL\n --> specs/upstream.toml:2:7\n",
        "error[upstream-manifest]: `components` is not a JSON pointer: a JSON pointer starts with `/`\n --> specs/upstream.toml:5:11\n",
        "error[upstream-manifest]: `[netbrid]` names no spec in specs/\n --> specs/upstream.toml:8:2\n",
        "= help: did you mean `[netbird]`?",
        "error: specs/upstream.toml is not a valid manifest (3 problem(s)); nothing was fetched",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }

    let dir = workspace("[netbird]\nunpublished = \"x\"\n");
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("the spec `gcore-iam` in specs/ has no entry"),
        "{}",
        both(&out)
    );

    let dir = workspace("");
    std::fs::remove_file(dir.path().join("specs/upstream.toml")).unwrap();
    let out = xtask(&["upstream", "--check"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("cannot read the manifest"),
        "{}",
        both(&out)
    );
}

#[test]
fn bad_arguments_exit_2() {
    let dir = workspace(&manifest(""));
    for args in [
        &["upstream", "--check", "nosuch"][..],
        &["upstream", "--check", "--timeout", "0"],
        &["upstream", "--check", "--timeout", "soon"],
        &["upstream", "--format", "xml"],
    ] {
        let out = xtask(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", both(&out));
    }
}

/// The committed manifest, applied to the copies of NetBird's and InfluxData's published
/// documents in `../shared/real-specs/`, gives what the committed specs say: every choice the
/// specs make is recorded as an addition or a removal.
#[test]
fn the_manifest_gives_the_committed_specs_from_the_published_copies() {
    let real = repo().join("../shared/real-specs");
    if !real.is_dir() {
        eprintln!("skipped: {} is missing", real.display());
        return;
    }
    let read = |name: &str| std::fs::read_to_string(real.join(name)).unwrap();
    let base = serve(vec![
        ("/netbird.yml", read("netbird-management-openapi.yml")),
        (
            "/influxdb.yml",
            read("influxdb3-cloud-dedicated-management-openapi.yml"),
        ),
    ]);
    let committed = std::fs::read_to_string(repo().join("specs/upstream.toml")).unwrap();
    let mut local = committed.clone();
    for (git, url) in [
        (
            "git = \"https://github.com/netbirdio/netbird\"\nref = \"main\"\npath = \"shared/management/http/api/openapi.yml\"\n",
            format!("url = \"{base}/netbird.yml\"\n"),
        ),
        (
            "git = \"https://github.com/influxdata/docs-v2\"\nref = \"master\"\npath = \"api-docs/influxdb3/cloud-dedicated/management/openapi.yml\"\n",
            format!("url = \"{base}/influxdb.yml\"\n"),
        ),
    ] {
        assert!(local.contains(git), "the manifest no longer has:\n{git}");
        local = local.replace(git, &url);
    }
    let dir = workspace(&local);
    let out = xtask(
        &[
            "upstream",
            "--check",
            "--strict",
            "influxdb-cloud-dedicated",
            "netbird",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(
        text(&out.stdout),
        format!(
            "influxdb-cloud-dedicated: specs/influxdb-cloud-dedicated.yaml against {base}/influxdb.yml\n\
             no change to the API\n\n\
             netbird: specs/netbird.json against {base}/netbird.yml\nno change to the API\n"
        )
    );
    assert!(!text(&out.stderr).contains("warning"), "{}", both(&out));
}
