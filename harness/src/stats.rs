//! Latency statistics and human-readable durations, for the benchmark reports.

use std::time::Duration;

/// The `p` quantile (0..=1, nearest rank) of `sorted`; zero if empty.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

/// `d` in ms with a precision fitting its size (or s above 10 s).
pub fn ms(d: Duration) -> String {
	let ms = d.as_secs_f64() * 1000.0;
	if ms < 10.0 {
		format!("{ms:.2} ms")
	} else if ms < 10_000.0 {
		format!("{ms:.0} ms")
	} else {
		format!("{:.1} s", ms / 1000.0)
	}
}
