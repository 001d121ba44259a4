//! Waiting for something to happen, with a deadline and an explanation when it does not.

use crate::Result;
use std::{
	future::Future,
	time::{Duration, Instant},
};

/// Polls `probe` every second until it returns `Some`, for at most `timeout`; `what` names the
/// wait in the error, followed by `context()` (e.g. node logs).
pub async fn wait_for<T, F, Fut>(
	what: &str,
	timeout: Duration,
	mut probe: F,
	context: impl Fn() -> String,
) -> Result<T>
where
	F: FnMut() -> Fut,
	Fut: Future<Output = Result<Option<T>>>,
{
	let deadline = Instant::now() + timeout;
	let mut last_error = String::new();
	loop {
		match probe().await {
			Ok(Some(value)) => return Ok(value),
			Ok(None) => {},
			Err(e) => last_error = e.to_string(),
		}
		if Instant::now() > deadline {
			return Err(format!(
				"timed out after {timeout:?} waiting for {what} (last error: {last_error})\n{}",
				context()
			)
			.into());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}
