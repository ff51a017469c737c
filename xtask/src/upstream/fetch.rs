//! Fetching a published document: over HTTP(S), or from a git repository at a ref. Each fetch
//! is bounded in time and size; what goes wrong comes back as one line saying why.
//!
//! HTTP goes through `ureq`, which takes its proxy from `ALL_PROXY`, `HTTPS_PROXY` or
//! `HTTP_PROXY` and skips it for the hosts of `NO_PROXY` (upper or lower case). git is the
//! `git` command line: a shallow fetch of the ref into a temporary repository, then the file
//! read from what was fetched; git reads the same proxy variables itself.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::load::MAX_SIZE;

use super::manifest::Source;

/// Where a git fetch puts the commit it fetched, in the temporary repository.
const FETCHED: &str = "refs/upstream/fetched";

/// A fetched document.
#[derive(Debug)]
pub(crate) struct Fetched {
    /// Names it in messages, and decides its format by its extension.
    pub(crate) name: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

/// Fetches `source` within `timeout`; a git repository given as a relative local path is
/// found from `base`. `Source::Unpublished` has nothing to fetch.
pub(crate) fn fetch(source: &Source, base: &Path, timeout: Duration) -> Result<Fetched, String> {
    match source {
        Source::Url(url) => http(url, timeout).map(|bytes| Fetched {
            name: PathBuf::from(url),
            bytes,
        }),
        Source::Git {
            repo,
            reference,
            path,
        } => git(&located(repo, base), reference, path, timeout).map(|bytes| Fetched {
            name: PathBuf::from(format!("{repo}@{reference}:{path}")),
            bytes,
        }),
        Source::Unpublished(why) => Err(format!("unpublished: {why}")),
    }
}

/// `repo` as git should see it from another folder: a relative local path is made absolute
/// from `base`; a URL (`https://…`, `file://…`) or an scp-like address (`git@host:org/repo`)
/// stays as written.
fn located(repo: &str, base: &Path) -> String {
    let scp_like = repo
        .find(':')
        .is_some_and(|colon| !repo[..colon].contains('/') && colon > 1);
    if repo.contains("://") || scp_like || Path::new(repo).is_absolute() {
        repo.to_string()
    } else {
        base.join(repo).display().to_string()
    }
}

fn http(url: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .user_agent(concat!("cargo-xtask-upstream/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent();
    let describe = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => {
            format!("no complete answer within {} (--timeout)", seconds(timeout))
        }
        ureq::Error::StatusCode(status) => format!("the server answered HTTP {status}"),
        ureq::Error::BodyExceedsLimit(limit) => {
            format!("the document is larger than {} MiB", limit / (1024 * 1024))
        }
        e => e.to_string(),
    };
    let mut response = agent.get(url).call().map_err(describe)?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_SIZE)
        .read_to_vec()
        .map_err(describe)
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// Fetches `reference` of `repo` shallowly into a temporary repository and reads `path`
/// from it. All three git commands share the one `timeout`.
fn git(repo: &str, reference: &str, path: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    let deadline = Instant::now() + timeout;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let work = dir.path().join("repo");
    let work_arg = work.to_string_lossy().into_owned();
    run_git(
        &["init", "--quiet", "--bare", &work_arg],
        None,
        deadline,
        timeout,
    )?;
    run_git(
        &[
            "fetch",
            "--quiet",
            "--depth=1",
            "--no-tags",
            "--no-write-fetch-head",
            repo,
            &format!("+{reference}:{FETCHED}"),
        ],
        Some(&work),
        deadline,
        timeout,
    )
    .map_err(|e| format!("cannot fetch `{reference}` of {repo}: {e}"))?;
    let bytes = run_git(
        &["cat-file", "blob", &format!("{FETCHED}:{path}")],
        Some(&work),
        deadline,
        timeout,
    )
    .map_err(|e| format!("`{path}` is not a file at `{reference}` of {repo}: {e}"))?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(format!(
            "`{path}` is larger than {} MiB",
            MAX_SIZE / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// Runs `git ARGS` (in `dir`, if given) until `deadline`; its output, or why it failed.
///
/// Output goes to files, not pipes: a helper git starts (`git-remote-https`) and that
/// outlives a git killed at the deadline cannot keep this waiting on a pipe.
fn run_git(
    args: &[&str],
    dir: Option<&Path>,
    deadline: Instant,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let out = tempfile::tempfile().map_err(|e| format!("cannot make a temporary file: {e}"))?;
    let err = tempfile::tempfile().map_err(|e| format!("cannot make a temporary file: {e}"))?;
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    let low_speed_time = timeout.as_secs().max(1).to_string();
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.try_clone().map_err(|e| e.to_string())?)
        .stderr(err.try_clone().map_err(|e| e.to_string())?)
        // Never ask for a user name or password: a public document needs none, and a
        // prompt would wait until the timeout.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        // A transfer that stalls ends by itself, even in a helper outliving a killed git.
        .env("GIT_HTTP_LOW_SPEED_LIMIT", "1")
        .env("GIT_HTTP_LOW_SPEED_TIME", low_speed_time)
        .env("LC_ALL", "C");
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "`git` is not installed (or not on PATH)".to_string(),
        _ => format!("cannot run git: {e}"),
    })?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "git did not finish within {} (--timeout)",
                    seconds(timeout)
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("cannot wait for git: {e}")),
        }
    };
    let read = |mut file: std::fs::File| {
        use std::io::Seek as _;
        let mut bytes = Vec::new();
        file.rewind()
            .and_then(|_| file.take(MAX_SIZE + 1).read_to_end(&mut bytes))
            .map(|_| bytes)
            .map_err(|e| format!("cannot read git's output: {e}"))
    };
    if status.success() {
        read(out)
    } else {
        let stderr = read(err)?;
        let message = String::from_utf8_lossy(&stderr);
        let message = message
            .lines()
            .map(|l| {
                let l = l.trim();
                l.strip_prefix("fatal: ")
                    .or_else(|| l.strip_prefix("error: "))
                    .unwrap_or(l)
            })
            .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
            .collect::<Vec<_>>()
            .join("; ")
            .replace(FETCHED, "the fetched commit");
        Err(if message.is_empty() {
            format!("git {} failed ({status})", args[0])
        } else {
            message
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_repositories_are_found_from_the_workspace() {
        let base = Path::new("/work/ws");
        assert_eq!(located("../upstream", base), "/work/ws/../upstream");
        for repo in [
            "https://github.com/org/repo",
            "file:///srv/repo",
            "git@github.com:org/repo.git",
            "/srv/repo",
        ] {
            assert_eq!(located(repo, base), repo);
        }
    }
}
