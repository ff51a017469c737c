//! The client's own cost: the same `DELETE` sent through a generated client and through a bare
//! `reqwest::Client`, in one run, to a loopback server.
//!
//! Run it with `cargo bench -p tests --bench client` (release build); options go after `--`:
//!
//! - `--rounds N` (default 10) repetitions of a round of `--secs S` (default 1) seconds per side
//!   and mode; `--quick` is `--rounds 2 --secs 0.5`;
//! - `--variants` also measures, end to end, bare reqwest with the generated client's timeouts
//!   and the generated client without retries, which splits the difference between the two
//!   (timeout, retry copy, the rest);
//! - `--parts` runs only the per-part measurement; `--no-parts` skips it;
//! - `--raw` prints every round;
//! - `--runtime multi` runs the clients on a 2-worker multi-thread Tokio runtime instead of a
//!   current-thread one on the main thread;
//! - `--count N --side S` only sends `N` requests from side `S` (`generated`,
//!   `generated-no-retry`, `bare`, `bare-timeouts`), one at a time, for instruction counts:
//!   `valgrind --tool=callgrind --toggle-collect='*Side::call*' <bench binary> --count N --side S`.
//!
//! What it does:
//!
//! 1. Starts a minimal HTTP/1.1 server (hyper, keep-alive on, every request answered
//!    `204 No Content` without a body) on `127.0.0.1`, on a current-thread Tokio runtime in a
//!    thread of its own; both sides use it.
//! 2. Checks that both sides put the same request on the wire: one request from each to a
//!    [`tests::RecordingServer`], whose method, target and headers (in order) must be equal.
//! 3. Sends, for each mode (one request at a time; 64 in flight, as 64 tasks), repetitions of
//!    one round of each side after the other (A B, then B A, …, so that drift hits both), each
//!    round a fixed time, each repetition started once other processes leave the CPUs alone;
//!    a repetition during which they used 5 % or more of the CPUs (from `/proc/stat`) does not
//!    count. Reports requests per second (median over rounds), their ratio (the geometric mean
//!    of each repetition's, so that the order of the sides cancels out), and CPU time per
//!    request: the whole process's and the client threads' (every thread but the server's),
//!    from `/proc/self/task/*/schedstat` (nanoseconds; the workspace forbids the `unsafe` that
//!    `getrusage` needs). The server's CPU is the same for both sides, so the difference is
//!    the client's.
//! 4. Times, in tight loops, each part of the per-request work that the runtime adds to what
//!    bare reqwest does: path encoding, the operation lookup, [`client_runtime::Config::prepare`]
//!    (credential, `Accept`), the copy of a request with a body kept for a retry, the
//!    per-attempt timeout (a Tokio timer).
//!
//! The results, with the machine they were measured on, are in `tests/benches/RESULTS.md`.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::Future;
use std::hint::black_box;
use std::net::SocketAddr;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use client_runtime::api::{Api, Encoding, Location, Operation, Scheme};
use dynatrace_cluster_client::RetryPolicy;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use tests::{RecordingServer, Reply};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// The token the request deletes.
const ID: &str = "4e9f128e-04f9-4795-8b7c-3c14a5e885e4";
/// The credential both sides send.
const TOKEN: &str = "dt0c01.ABC.DEF";
/// The generated client's `User-Agent`.
const USER_AGENT: &str = "dynatrace-cluster-client/0.1.0";
/// Requests in flight in the concurrent mode.
const IN_FLIGHT: usize = 64;

/// The generated client's `Api`, as `clients/dynatrace-cluster/src/generated.rs` writes it (its
/// own is private), for the per-part measurements.
static API: Api = Api {
    schemes: &[Scheme {
        name: "Api-Token",
        method: "api_token",
        location: Location::Header,
        parameter: "authorization",
        prefix: "Api-Token ",
        encoding: Encoding::Plain,
        env: Some("DYNATRACE_API_TOKEN"),
    }],
    operations: &[Operation {
        name: "delete_cluster_token",
        method: "DELETE",
        path: "/api/cluster/v2/tokens/{id}",
        security: &[&[0]],
        accept: None,
    }],
    user_agent: USER_AGENT,
    server: None,
    no_server: "no server",
};

/// What the command line asks for.
struct Options {
    rounds: usize,
    round: Duration,
    variants: bool,
    end_to_end: bool,
    parts: bool,
    multi_thread: bool,
    /// Print every round.
    raw: bool,
    /// `--count N --side NAME`: only send `N` requests from one side, one at a time (for
    /// `valgrind --tool=callgrind`: the difference between two counts is what `N` cost).
    count: Option<(u64, String)>,
}

impl Options {
    fn parse() -> Self {
        let mut options = Self {
            rounds: 10,
            round: Duration::from_secs(1),
            variants: false,
            end_to_end: true,
            parts: true,
            multi_thread: false,
            raw: false,
            count: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--rounds" => {
                    options.rounds = args
                        .next()
                        .and_then(|n| n.parse().ok())
                        .expect("--rounds takes a number");
                }
                "--secs" => {
                    let secs: f64 = args
                        .next()
                        .and_then(|n| n.parse().ok())
                        .expect("--secs takes a number of seconds");
                    options.round = Duration::from_secs_f64(secs);
                }
                "--quick" => {
                    options.rounds = 2;
                    options.round = Duration::from_millis(500);
                }
                "--variants" => options.variants = true,
                "--parts" => options.end_to_end = false,
                "--no-parts" => options.parts = false,
                "--raw" => options.raw = true,
                "--runtime" => {
                    options.multi_thread = match args.next().as_deref() {
                        Some("multi") => true,
                        Some("current") => false,
                        _ => panic!("--runtime takes `current` or `multi`"),
                    };
                }
                "--count" => {
                    let n = args
                        .next()
                        .and_then(|n| n.parse().ok())
                        .expect("--count takes a number");
                    options.count = Some((n, "generated".into()));
                }
                "--side" => {
                    let side = args.next().expect("--side takes a side's name");
                    let count = options.count.as_mut().expect("--side follows --count N");
                    count.1 = side;
                }
                // What `cargo bench` passes to every bench.
                "--bench" => {}
                other => panic!("unknown option `{other}` (see the doc at the top of the file)"),
            }
        }
        options
    }
}

fn main() {
    let options = Options::parse();
    let server = start_server();
    let runtime = if options.multi_thread {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }
    .expect("a Tokio runtime");

    if let Some((count, side)) = &options.count {
        let side = match side.as_str() {
            "generated" => Side::generated("", server.base_url(), RetryPolicy::default()),
            "generated-no-retry" => Side::generated("", server.base_url(), RetryPolicy::none()),
            "bare" => Side::bare("", server.base_url(), false),
            "bare-timeouts" => Side::bare("", server.base_url(), true),
            _ => panic!("--side: generated, generated-no-retry, bare or bare-timeouts"),
        };
        runtime.block_on(async {
            for _ in 0..*count {
                side.call(ID).await;
            }
        });
        return;
    }

    println!("# What a generated client costs per request, against bare reqwest\n");
    println!(
        "CPU: {}, {} cores; client runtime: {}; {} repetitions of a {:?} round per side and mode.\n",
        cpu_model(),
        cpus(),
        if options.multi_thread {
            "multi-thread, 2 workers"
        } else {
            "current-thread, on the main thread"
        },
        options.rounds,
        options.round,
    );

    runtime.block_on(check_same_request());

    if options.end_to_end {
        let mut sides = vec![
            Side::generated(
                "generated client",
                server.base_url(),
                RetryPolicy::default(),
            ),
            Side::bare("bare reqwest", server.base_url(), false),
        ];
        if options.variants {
            sides.push(Side::generated(
                "generated client, `RetryPolicy::none()`",
                server.base_url(),
                RetryPolicy::none(),
            ));
            sides.push(Side::bare(
                "bare reqwest + the client's timeouts",
                server.base_url(),
                true,
            ));
        }
        let mut summary = String::new();
        for in_flight in [1, IN_FLIGHT] {
            let results = runtime.block_on(compare(&sides, in_flight, &options, &server));
            if options.raw {
                for r in &results {
                    println!(
                        "round {} {:>2} {:<40} {:>8.0} req/s {:>6.2} µs/req {:>6.2} µs/req client, others {:>4.1} %",
                        in_flight,
                        r.repetition,
                        sides[r.side].name,
                        r.per_second(),
                        r.cpu_per_request(),
                        r.client_cpu_per_request(),
                        r.foreign * 100.0
                    );
                }
            }
            print_results(&sides, in_flight, &results, &mut summary);
        }
        println!("## Summary\n");
        println!(
            "| mode | sides | req/s ratio: geometric mean over repetitions (range) | extra CPU per request, process (median over repetitions) | extra CPU per request, client threads (median) |"
        );
        println!("| --- | --- | --- | --- | --- |");
        print!("{summary}");
        println!();
    }

    if options.parts {
        let headers = runtime.block_on(response_headers(&server.base_url()));
        parts(&runtime, &server.base_url(), &headers);
    }
}

// ---------------------------------------------------------------------------------------------
// The server.

/// The loopback server both sides send to.
struct Server {
    addr: SocketAddr,
    /// Its thread's id, whose CPU time is not the client's.
    tid: String,
}

impl Server {
    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Starts the server: hyper's HTTP/1.1, keep-alive on, `204 No Content` without a body for every
/// request, on a current-thread Tokio runtime in a thread of its own (it runs until the process
/// ends).
fn start_server() -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the server's Tokio runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind(("127.0.0.1", 0))
                    .await
                    .expect("binding 127.0.0.1:0");
                let addr = listener.local_addr().expect("the server's address");
                tx.send((addr, thread_id()))
                    .expect("the main thread waits for the address");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    };
                    stream.set_nodelay(true).expect("TCP_NODELAY");
                    tokio::spawn(async move {
                        let service = service_fn(|_request| async {
                            let mut response = hyper::Response::new(String::new());
                            *response.status_mut() = StatusCode::NO_CONTENT;
                            Ok::<_, Infallible>(response)
                        });
                        // A client closing its connection ends it with an error: nothing to do.
                        let _ = http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        })
        .expect("the server's thread");
    let (addr, tid) = rx.recv().expect("the server's address");
    Server { addr, tid }
}

/// The calling thread's id, from `/proc/thread-self` (`<pid>/task/<tid>`).
fn thread_id() -> String {
    let link = std::fs::read_link("/proc/thread-self").expect("/proc/thread-self");
    link.file_name()
        .expect("a thread id")
        .to_string_lossy()
        .into_owned()
}

// ---------------------------------------------------------------------------------------------
// The two sides.

/// A way of sending the request.
#[derive(Clone)]
struct Side {
    name: &'static str,
    sender: Sender,
}

#[derive(Clone)]
enum Sender {
    /// `Client::delete_cluster_token`, as a user calls it.
    Generated(dynatrace_cluster_client::Client),
    /// A `reqwest::Client` built once, and the request written by hand.
    Bare {
        http: reqwest::Client,
        base_url: String,
        authorization: HeaderValue,
    },
}

impl Side {
    /// The generated client, built as a user would (default timeouts).
    fn generated(name: &'static str, base_url: String, retry: RetryPolicy) -> Self {
        let client = dynatrace_cluster_client::Client::builder()
            .base_url(&base_url)
            .api_token(TOKEN)
            .retry(retry)
            .build()
            .expect("the generated client");
        Self {
            name,
            sender: Sender::Generated(client),
        }
    }

    /// A bare `reqwest::Client` that sends the same headers; `timeouts`: with the timeouts the
    /// generated client's own HTTP client has (30 s per request, 10 s to connect).
    fn bare(name: &'static str, base_url: String, timeouts: bool) -> Self {
        let mut builder = reqwest::Client::builder().user_agent(USER_AGENT);
        if timeouts {
            builder = builder
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(10));
        }
        let mut authorization =
            HeaderValue::from_str(&format!("Api-Token {TOKEN}")).expect("a header value");
        authorization.set_sensitive(true);
        Self {
            name,
            sender: Sender::Bare {
                http: builder.build().expect("a reqwest client"),
                base_url,
                authorization,
            },
        }
    }

    /// Sends the request once and checks that it got its `204`.
    async fn call(&self, id: &str) {
        match &self.sender {
            Sender::Generated(client) => {
                let response = client
                    .delete_cluster_token(id)
                    .await
                    .expect("the generated client's DELETE");
                assert_eq!(response.status(), StatusCode::NO_CONTENT);
            }
            Sender::Bare {
                http,
                base_url,
                authorization,
            } => {
                let response = http
                    .delete(format!("{base_url}/api/cluster/v2/tokens/{id}"))
                    .header(ACCEPT, HeaderValue::from_static("application/json"))
                    .header(AUTHORIZATION, authorization.clone())
                    .send()
                    .await
                    .expect("bare reqwest's DELETE");
                assert_eq!(response.status(), StatusCode::NO_CONTENT);
            }
        }
    }
}

/// Sends one request from each side to a recording server and checks that they are the same
/// on the wire: method, target, and every header with its value, in the same order.
async fn check_same_request() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let generated = Side::generated(
        "generated client",
        server.base_url(),
        RetryPolicy::default(),
    );
    generated.call(ID).await;
    Side::bare("bare reqwest", server.base_url(), false)
        .call(ID)
        .await;
    /// A request as recorded: method, target, and headers in order.
    type Wire = (String, String, Vec<(String, String)>);
    let seen: Vec<Wire> = server
        .requests()
        .into_iter()
        .map(|request| {
            let headers = request
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.to_string(), value)
                })
                .collect();
            (request.method.to_string(), request.path_and_query, headers)
        })
        .collect();
    let [generated, bare] = seen.as_slice() else {
        panic!("expected two requests, got {seen:#?}");
    };
    assert_eq!(generated, bare, "the two sides send different requests");
    // The host (and so the port) is the recording server's; the rest is what both send.
    let shown: Vec<String> = generated
        .2
        .iter()
        .map(|(name, value)| match name.as_str() {
            "authorization" => format!("`{name}: Api-Token …`"),
            "host" => format!("`{name}: 127.0.0.1:…`"),
            _ => format!("`{name}: {value}`"),
        })
        .collect();
    println!(
        "Both sides send the same request: `{} {}` with {} (checked on a recording server).\n",
        generated.0,
        generated.1,
        shown.join(", ")
    );
}

// ---------------------------------------------------------------------------------------------
// End to end.

/// One round of one side.
struct Round {
    /// Which repetition: the rounds of all sides in one repetition follow each other.
    repetition: usize,
    side: usize,
    requests: u64,
    wall: Duration,
    /// CPU time of the whole process, in nanoseconds.
    cpu: u64,
    /// CPU time of every thread but the server's, in nanoseconds.
    client_cpu: u64,
    /// The share of the machine's CPUs other processes used meanwhile (0 to 1).
    foreign: f64,
}

impl Round {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64()
    }

    fn cpu_per_request(&self) -> f64 {
        self.cpu as f64 / self.requests as f64 / 1000.0
    }

    fn client_cpu_per_request(&self) -> f64 {
        self.client_cpu as f64 / self.requests as f64 / 1000.0
    }
}

/// Other processes may use at most this share of the CPUs during a round for its repetition
/// to count (other builds on a shared machine change both the timing and the CPU time).
const QUIET: f64 = 0.05;

/// What the process and the machine had used at one moment.
struct Snapshot {
    at: Instant,
    /// The whole process's CPU time, in nanoseconds.
    cpu: u64,
    /// The server thread's CPU time, in nanoseconds.
    server_cpu: u64,
    /// The CPU time every process used, in nanoseconds (from `/proc/stat`, in ticks of 10 ms).
    machine_cpu: u64,
}

impl Snapshot {
    fn take(server_tid: &str) -> Self {
        let (cpu, server_cpu) = cpu_times(server_tid);
        Self {
            at: Instant::now(),
            cpu,
            server_cpu,
            machine_cpu: machine_busy(),
        }
    }

    /// The share of the CPUs that other processes used since `before`.
    fn foreign_since(&self, before: &Self) -> f64 {
        let wall = (self.at - before.at).as_nanos() as f64;
        let ours = (self.cpu - before.cpu) as f64;
        let all = self.machine_cpu.saturating_sub(before.machine_cpu) as f64;
        ((all - ours) / (wall * cpus() as f64)).max(0.0)
    }
}

/// The number of CPUs of the machine: the `cpuN` lines of `/proc/stat`.
fn cpus() -> usize {
    static CPUS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CPUS.get_or_init(|| {
        let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat");
        stat.lines()
            .filter(|line| {
                line.strip_prefix("cpu")
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
            .count()
            .max(1)
    })
}

/// The CPU time the whole machine was busy, in nanoseconds: the first line of `/proc/stat`
/// (user, nice, system, irq, softirq and steal ticks; Linux counts 100 ticks per second).
fn machine_busy() -> u64 {
    let stat = std::fs::read_to_string("/proc/stat").expect("/proc/stat");
    let line = stat.lines().next().expect("the cpu line of /proc/stat");
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().expect("a number of ticks"))
        .collect();
    // user nice system idle iowait irq softirq steal …
    let busy = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| ticks.get(i))
        .sum::<u64>();
    busy * 10_000_000
}

/// Waits (up to 30 s) until other processes use less than [`QUIET`] of the CPUs over half
/// a second; returns whether they did.
async fn wait_until_quiet(server_tid: &str) -> bool {
    let give_up = Instant::now() + Duration::from_secs(30);
    loop {
        let before = Snapshot::take(server_tid);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let after = Snapshot::take(server_tid);
        if after.foreign_since(&before) < QUIET {
            return true;
        }
        if Instant::now() > give_up {
            return false;
        }
    }
}

/// Runs every side for `options.rounds` repetitions of `in_flight` requests in flight, one round
/// of each side after the other (A B, then B A, …), after a short warm-up of each (which also
/// opens the connections); each repetition starts once the machine is quiet.
async fn compare(
    sides: &[Side],
    in_flight: usize,
    options: &Options,
    server: &Server,
) -> Vec<Round> {
    for side in sides {
        run(side, in_flight, Duration::from_millis(300)).await;
    }
    let mut rounds: Vec<Round> = Vec::new();
    for repetition in 0..options.rounds {
        // Rounds follow each other without a pause (after an idle pause, the first round runs
        // faster, whichever side it is), unless other processes were busy during the last one.
        if rounds.last().is_none_or(|round| round.foreign >= QUIET) {
            wait_until_quiet(&server.tid).await;
        }
        let order: Vec<usize> = if repetition % 2 == 0 {
            (0..sides.len()).collect()
        } else {
            (0..sides.len()).rev().collect()
        };
        for index in order {
            let before = Snapshot::take(&server.tid);
            let requests = run(&sides[index], in_flight, options.round).await;
            let after = Snapshot::take(&server.tid);
            rounds.push(Round {
                repetition,
                side: index,
                requests,
                wall: after.at - before.at,
                cpu: after.cpu - before.cpu,
                client_cpu: (after.cpu - after.server_cpu) - (before.cpu - before.server_cpu),
                foreign: after.foreign_since(&before),
            });
        }
    }
    rounds
}

/// Sends requests from `side`, `in_flight` at a time, for `length`; returns how many.
async fn run(side: &Side, in_flight: usize, length: Duration) -> u64 {
    let deadline = Instant::now() + length;
    if in_flight == 1 {
        let mut sent = 0;
        while Instant::now() < deadline {
            side.call(ID).await;
            sent += 1;
        }
        return sent;
    }
    let mut tasks = JoinSet::new();
    for _ in 0..in_flight {
        let side = side.clone();
        tasks.spawn(async move {
            let mut sent = 0u64;
            while Instant::now() < deadline {
                side.call(ID).await;
                sent += 1;
            }
            sent
        });
    }
    let mut sent = 0;
    while let Some(count) = tasks.join_next().await {
        sent += count.expect("a sending task");
    }
    sent
}

/// The CPU time, in nanoseconds, of the whole process and of the server's thread, from
/// `/proc/self/task/*/schedstat` (its first field: time spent on a CPU).
fn cpu_times(server_tid: &str) -> (u64, u64) {
    let mut total = 0;
    let mut server = 0;
    for entry in std::fs::read_dir("/proc/self/task").expect("/proc/self/task") {
        let entry = entry.expect("a thread of /proc/self/task");
        let Ok(text) = std::fs::read_to_string(entry.path().join("schedstat")) else {
            continue; // a thread that just ended
        };
        let ns: u64 = text
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("schedstat's first field");
        total += ns;
        if entry.file_name().to_string_lossy() == server_tid {
            server = ns;
        }
    }
    (total, server)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Prints the table of one mode, and adds its lines to `summary` (generated, side 0, against
/// bare, side 1, and with the variants, against side 3 and side 2 against side 1). Only the repetitions during which other processes stayed under [`QUIET`]
/// count, unless fewer than 3 did.
fn print_results(sides: &[Side], in_flight: usize, rounds: &[Round], summary: &mut String) {
    let mode = if in_flight == 1 {
        "one request at a time".to_string()
    } else {
        format!("{in_flight} in flight")
    };
    let repetitions = rounds.iter().map(|r| r.repetition + 1).max().unwrap_or(0);
    let quiet: Vec<usize> = (0..repetitions)
        .filter(|&n| {
            rounds
                .iter()
                .filter(|r| r.repetition == n)
                .all(|r| r.foreign < QUIET)
        })
        .collect();
    let kept: Vec<usize> = if quiet.len() >= 3 {
        quiet
    } else {
        (0..repetitions).collect()
    };
    println!("## {mode}\n");
    println!(
        "{} of {repetitions} repetitions kept (other processes used less than {:.0} % of the CPUs \
         during each of their rounds){}.\n",
        kept.len(),
        QUIET * 100.0,
        if kept.len() == repetitions && rounds.iter().any(|r| r.foreign >= QUIET) {
            ": **too few quiet ones, all kept: the figures below are noisy**"
        } else {
            ""
        },
    );
    println!(
        "| side | req/s (median) | req/s (min – max) | CPU µs/req, process | CPU µs/req, client threads |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let of = |side: usize, f: fn(&Round) -> f64| -> Vec<f64> {
        rounds
            .iter()
            .filter(|r| r.side == side && kept.contains(&r.repetition))
            .map(f)
            .collect()
    };
    for (index, side) in sides.iter().enumerate() {
        let rates = of(index, Round::per_second);
        let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
        let max = rates.iter().copied().fold(0.0, f64::max);
        println!(
            "| {} | {:.0} | {:.0} – {:.0} | {:.2} | {:.2} |",
            side.name,
            median(rates),
            min,
            max,
            median(of(index, Round::cpu_per_request)),
            median(of(index, Round::client_cpu_per_request)),
        );
    }
    println!();
    // Compare two sides within each repetition (their rounds follow each other), and take the
    // geometric mean of the ratios: repetitions alternate which side goes first, so whatever
    // favours the first (or second) round of a repetition cancels out.
    let by_repetition = |a: usize, b: usize, f: fn(&Round) -> f64| -> Vec<(f64, f64)> {
        kept.iter()
            .filter_map(|&n| {
                let of_side = |side| rounds.iter().find(|r| r.repetition == n && r.side == side);
                Some((f(of_side(a)?), f(of_side(b)?)))
            })
            .collect()
    };
    // The generated client against bare reqwest; with `--variants`, also against bare reqwest
    // with the same timeouts (the same work, but for the runtime's), and without retries.
    let mut pairs = vec![(0, 1)];
    if sides.len() >= 4 {
        pairs.extend([(0, 3), (2, 1)]);
    }
    for (a, b) in pairs {
        let ratios: Vec<f64> = by_repetition(a, b, Round::per_second)
            .iter()
            .map(|(a, b)| a / b)
            .collect();
        let ratio = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
        let extra = |f: fn(&Round) -> f64| {
            median(by_repetition(a, b, f).iter().map(|(a, b)| a - b).collect())
        };
        writeln!(
            summary,
            "| {mode} | {} / {} | **{ratio:.3}×** ({:.3} – {:.3}) | {:+.2} µs | {:+.2} µs |",
            sides[a].name,
            sides[b].name,
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
            extra(Round::cpu_per_request),
            extra(Round::client_cpu_per_request),
        )
        .expect("writing to a String");
    }
}

// ---------------------------------------------------------------------------------------------
// Per part.

/// The headers of the server's `204`, as a response to either side carries them.
async fn response_headers(base_url: &str) -> HeaderMap {
    let response = reqwest::Client::new()
        .delete(format!("{base_url}/api/cluster/v2/tokens/{ID}"))
        .send()
        .await
        .expect("a response");
    response.headers().clone()
}

/// Nanoseconds per call of `f`: the median of 7 runs of about 150 ms each.
fn per_call(mut f: impl FnMut()) -> f64 {
    let mut runs = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let mut calls = 0u64;
        while start.elapsed() < Duration::from_millis(150) {
            for _ in 0..256 {
                f();
            }
            calls += 256;
        }
        runs.push(start.elapsed().as_nanos() as f64 / calls as f64);
    }
    median(runs)
}

/// One line of the per-part table.
struct Part {
    what: &'static str,
    ns: f64,
    who: &'static str,
}

/// Times each part of what the runtime does per request that bare reqwest does not, in tight
/// loops, and prints a table.
fn parts(runtime: &tokio::runtime::Runtime, base_url: &str, response_headers: &HeaderMap) {
    let (_, http, config) = client_runtime::Builder::new(&API)
        .base_url(base_url)
        .credential(0, TOKEN.into())
        .finish()
        .expect("a client of `API`");
    let (_, _, config_given_client) = client_runtime::Builder::new(&API)
        .base_url(base_url)
        .credential(0, TOKEN.into())
        .http_client(reqwest::Client::new())
        .finish()
        .expect("a client of `API` with the caller's HTTP client");
    let mut authorization =
        HeaderValue::from_str(&format!("Api-Token {TOKEN}")).expect("a header value");
    authorization.set_sensitive(true);
    // 256 operations, for the lookup in a larger API.
    let large: &'static Api = Box::leak(Box::new(Api {
        operations: Box::leak(
            (0..256)
                .map(|i| Operation {
                    name: Box::leak(format!("operation_{i:03}").into_boxed_str()),
                    method: "GET",
                    path: "/",
                    security: &[&[0]],
                    accept: None,
                })
                .collect(),
        ),
        ..API
    }));

    let bare_url = || format!("{base_url}/api/cluster/v2/tokens/{}", black_box(ID));
    // As the generated code writes it: a `&str` parameter is encoded as it is.
    let generated_url = || {
        format!(
            "{base_url}/api/cluster/v2/tokens/{}",
            client_runtime::encode_path(black_box(ID), "id").expect("a valid id"),
        )
    };
    let bare_request = || {
        http.delete(bare_url())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, authorization.clone())
            .build()
            .expect("a request")
    };
    let generated_request = || {
        http.delete(generated_url())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()
            .expect("a request")
    };
    let prepared = |config: &client_runtime::Config| {
        let mut request = generated_request();
        config
            .prepare::<()>(&mut request, "delete_cluster_token")
            .expect("prepared");
        request
    };

    let mut table = Vec::new();
    let mut part = |what, ns, who| table.push(Part { what, ns, who });
    const BOTH: &str = "both (reference)";
    const GENERATED: &str = "generated";

    let url_bare = per_call(|| drop(black_box(bare_url())));
    let url_generated = per_call(|| drop(black_box(generated_url())));
    part("URL, bare: `format!` with the id", url_bare, BOTH);
    part(
        "URL, generated: `encode_path`, `format!`",
        url_generated,
        GENERATED,
    );
    let encode = per_call(|| {
        drop(black_box(client_runtime::encode_path(black_box(ID), "id")));
    });
    part(
        "of which `encode_path(id, \"id\")` (nothing to encode: borrowed)",
        encode,
        GENERATED,
    );
    let build_bare = per_call(|| drop(black_box(bare_request())));
    let build_generated = per_call(|| drop(black_box(generated_request())));
    let build_prepared = per_call(|| drop(black_box(prepared(&config))));
    let build_given = per_call(|| drop(black_box(prepared(&config_given_client))));
    part(
        "request built, bare: URL, `Accept`, `Authorization`",
        build_bare,
        BOTH,
    );
    part(
        "request built, generated code: URL with `encode_path`, `Accept`",
        build_generated,
        GENERATED,
    );
    part(
        "`Config::prepare`: lookup, credential, `Accept` check (built + prepared − built)",
        build_prepared - build_generated,
        GENERATED,
    );
    let lookup = per_call(|| {
        black_box(API.operation(black_box("delete_cluster_token")));
    });
    part(
        "of which `Api::operation` (1 operation, as this client)",
        lookup,
        GENERATED,
    );
    let lookup_large = per_call(|| {
        black_box(large.operation(black_box("operation_200")));
    });
    part(
        "`Api::operation` in an API of 256 operations",
        lookup_large,
        "generated (larger APIs)",
    );
    part(
        "`Config::prepare` with the caller's HTTP client: + `User-Agent`, timeout on the request",
        build_given - build_generated,
        "generated with `http_client(…)`",
    );
    part(
        "**everything before sending, generated − bare**",
        build_prepared - build_bare,
        GENERATED,
    );
    let request = prepared(&config);
    // A body-less request is kept as its parts, in buffers the runtime pools (private to it:
    // see the instruction counts in RESULTS.md); a request with a body is copied.
    let clone = per_call(|| drop(black_box(black_box(&request).try_clone())));
    part(
        "`Request::try_clone` and its drop: how a request with a body is kept for a retry",
        clone,
        "generated (idempotent methods with a body)",
    );
    let headers = per_call(|| drop(black_box(black_box(response_headers).clone())));
    part(
        "a copy of the response's headers, for scale: `ResponseValue` takes them instead",
        headers,
        "neither",
    );

    // The timer reqwest arms for a client-level timeout. Registering one wakes the time driver
    // (a write to its eventfd) unless the driver last parked with an earlier timer pending, as
    // it does between requests (the previous request's timer): park it so once.
    let _context = runtime.enter();
    let waking = per_call(|| {
        let mut sleep = Box::pin(tokio::time::sleep(Duration::from_secs(30)));
        assert!(futures_poll(sleep.as_mut()).is_pending());
        drop(black_box(sleep));
    });
    let mut keep = Box::pin(tokio::time::sleep(Duration::from_secs(10)));
    assert!(futures_poll(keep.as_mut()).is_pending());
    runtime.block_on(tokio::time::sleep(Duration::from_millis(2)));
    let timer = per_call(|| {
        let mut sleep = Box::pin(tokio::time::sleep(Duration::from_secs(30)));
        assert!(futures_poll(sleep.as_mut()).is_pending());
        drop(black_box(sleep));
    });
    let unpolled = per_call(|| {
        let sleep = Box::pin(tokio::time::sleep(Duration::from_secs(30)));
        drop(black_box(sleep));
    });
    drop(keep);
    part(
        "Tokio timer: `Box::pin(sleep(30 s))`, polled once (registered), dropped",
        timer,
        "generated (reqwest's `timeout`)",
    );
    part(
        "of which created and dropped without being registered",
        unpolled,
        "generated (reqwest's `timeout`)",
    );
    part(
        "the same timer when the driver last parked with no timer pending: registering it wakes \
         the driver (an eventfd write); not so between requests, where the last one's is pending",
        waking,
        "(not per request)",
    );
    let now = per_call(|| {
        black_box(Instant::now());
    });
    part("`Instant::now()`, for scale", now, "reference");

    println!("## Per part (tight loops, median of 7 runs)\n");
    println!("| part | ns per request | who pays it |");
    println!("| --- | --- | --- |");
    for Part { what, ns, who } in table {
        println!("| {what} | {ns:.0} | {who} |");
    }
    println!();
}

/// Polls `future` once, with a waker that does nothing.
fn futures_poll<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

/// The CPU's model name, from `/proc/cpuinfo`.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
