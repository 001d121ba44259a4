//! The benchmark's tables (Markdown).

use chaoscore_harness::stats::{ms, percentile};
use serde_json::Value as Json;
use std::time::Duration;

use crate::register::Registered;

/// Per query of the set: the indexed p50 (from `per_query` durations) and the last scan's
/// duration and agents read (`per_query_scan`).
pub fn print_per_query(
	queries: &[Json],
	per_query: &[Vec<Duration>],
	per_query_scan: &[Option<(Duration, usize)>],
) {
	println!();
	println!("| query | indexed p50 | scan | agents scanned |");
	println!("|---|---|---|---|");
	for (k, q) in queries.iter().enumerate() {
		let mut d = per_query[k].clone();
		d.sort();
		let mut q = q.clone();
		if let Some(o) = q.as_object_mut() {
			o.remove("limit");
		}
		let scan = per_query_scan[k].map_or(("-".into(), 0), |(d, a)| (ms(d), a));
		println!("| `{q}` | {} | {} | {} |", ms(percentile(&d, 0.5)), scan.0, scan.1);
	}
}

/// What the summary row shows.
pub struct Summary<'a> {
	/// Agents registered.
	pub agents: usize,
	/// How the registration went.
	pub registered: &'a Registered,
	/// From the block completing the registration to the last agent being searchable.
	pub lag: Duration,
	/// Indexed `discover_search` p50.
	pub p50: Duration,
	/// Indexed p99.
	pub p99: Duration,
	/// Indexed maximum.
	pub max: Duration,
	/// State scan p50.
	pub scan_p50: Duration,
	/// Scans made.
	pub scans: usize,
	/// Scan p50 over indexed p50.
	pub ratio: f64,
	/// Node RSS after the scans, in MiB.
	pub rss_after: f64,
	/// Size of the index after registration.
	pub index_bytes: u64,
	/// The node's rebuild log line and the time to searchable, if rebuilt.
	pub rebuild: Option<&'a (String, Duration)>,
}

/// The summary row.
pub fn print_summary(s: &Summary<'_>) {
	let Registered { rate, secs, per_block, .. } = s.registered;
	println!();
	println!("| agents | registration | index lag after last block | indexed p50 | indexed p99 | indexed max | scan p50 (n) | scan / indexed | node RSS | index size | rebuild |");
	println!("|---|---|---|---|---|---|---|---|---|---|---|");
	println!(
		"| {} | {rate:.0} agents/s ({secs:.0} s, {per_block:.0}/block) | {} | {} | {} | {} | {} ({}) | {:.0}x | {:.0} MiB | {:.1} MiB | {} |",
		s.agents,
		ms(s.lag),
		ms(s.p50),
		ms(s.p99),
		ms(s.max),
		ms(s.scan_p50),
		s.scans,
		s.ratio,
		s.rss_after,
		s.index_bytes as f64 / (1 << 20) as f64,
		s.rebuild.map_or("-".into(), |(line, d)| format!(
			"{} (searchable {} after restart)",
			line.split(": ").nth(1).unwrap_or(line),
			ms(*d)
		)),
	);
}
