//! When and how often a request is sent again, and what the attempts were.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

/// When and how often an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`,
/// `TRACE`) is sent again.
///
/// A request is retried after a connection error or a timeout, and after a `408`, `429`, `500`,
/// `502`, `503` or `504` response, until it has been sent [`max_attempts`](Self::max_attempts)
/// times. Between attempts the client waits with exponential backoff and jitter: before retry
/// `n` (counting from 1) a random time between half of and the whole of
/// `min(initial_backoff × 2ⁿ⁻¹, max_backoff)`. A `Retry-After` header (seconds or an HTTP date)
/// on the response replaces that wait; if it asks for more than
/// [`max_retry_after`](Self::max_retry_after), the response is returned instead of waiting.
/// `POST` and `PATCH` are not retried after those: the server may have acted on the first
/// attempt. Any request, whatever its method, is sent again at once (within the same number of
/// attempts) when an HTTP/2 server refused it before acting on it ([`Retry::Refused`]).
///
/// The default: 3 attempts, 250 ms initial backoff, 8 s at most between attempts, and a
/// `Retry-After` of up to 60 s honoured. [`RetryPolicy::none`] sends every request once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sends a request at most `attempts` times in all (`1`: no retries; `0` is taken as `1`).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each one after it.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, without `Retry-After`.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a response asking for more is returned.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How many times a request is sent at most.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts, without `Retry-After`.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` the client waits for.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry `retry` (1 for the first), with jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        ceiling / 2 + (ceiling / 2).mul_f64(random_fraction())
    }
}

/// A number in `[0, 1)`, different on every call (for jitter; not for anything secret).
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    hasher.write_u32(nanos);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Why a request was sent again.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Retry {
    /// The server answered with this status (`408`, `429`, `500`, `502`, `503` or `504`).
    Status(StatusCode),
    /// No response arrived: the connection failed or the attempt timed out. The server may
    /// still have received and carried out the request.
    NoResponse(String),
    /// The server refused the request before acting on it, at the protocol level (an HTTP/2
    /// `REFUSED_STREAM`, or a graceful `GOAWAY` that the request came too late for): sent
    /// again at once, whatever its method.
    Refused(String),
}

/// How many times a request was sent, and why each retry happened.
///
/// A `404` to a `DELETE` after [`Retry::NoResponse`] may mean the first attempt deleted the
/// resource and only its response was lost: [`Attempts::after_lost_response`] tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    sent: u32,
    retries: Vec<Retry>,
}

impl Attempts {
    /// How many times the request was sent (0 when it was refused before sending).
    pub fn count(&self) -> u32 {
        self.sent
    }

    /// Why each retry happened, in order (empty when the first attempt was the last).
    pub fn retries(&self) -> &[Retry] {
        &self.retries
    }

    /// Whether an earlier attempt got no response, so the server may have acted on it already.
    pub fn after_lost_response(&self) -> bool {
        self.retries
            .iter()
            .any(|r| matches!(r, Retry::NoResponse(_)))
    }
}

impl Attempts {
    /// One more attempt is being sent.
    pub(crate) fn sending(&mut self) {
        self.sent += 1;
    }

    /// The attempt just made is retried, for `why`.
    pub(crate) fn retried(&mut self, why: Retry) {
        self.retries.push(why);
    }
}

/// Statuses worth another attempt.
pub(crate) fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date in the past: no
/// wait). `None` when there is no such header or it cannot be read.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = http_date(value)?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// Reads an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders
/// to use.
fn http_date(text: &str) -> Option<std::time::SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u64
        + 1;
    let year: u64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (Some(Some(h)), Some(Some(m)), Some(Some(s)), None) =
        (hms.next(), hms.next(), hms.next(), hms.next())
    else {
        return None;
    };
    if year < 1970 || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), for years from 1970.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(std::time::UNIX_EPOCH + Duration::from_secs(days * 86_400 + h * 3600 + m * 60 + s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_read() {
        let date = http_date("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            date.and_then(|d| d.duration_since(std::time::UNIX_EPOCH).ok()),
            Some(Duration::from_secs(784_111_777))
        );
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(header::RETRY_AFTER, "7".parse().expect("a header value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            header::RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:37 GMT"
                .parse()
                .expect("a header value"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, "soon".parse().expect("a header value"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn backoff_grows_within_bounds() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(150) && third <= Duration::from_millis(300));
        }
    }

    #[test]
    fn zero_attempts_is_one() {
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
    }
}
