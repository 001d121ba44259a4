//! Many clients querying at once while blocks with more registrations are imported.

use chaoscore_harness::{
	offline::{submit_all, At},
	rpc::{best_hash, block_number},
	stats::{ms, percentile},
	DevNode, Result,
};
use futures::future::join_all;
use jsonrpsee::ws_client::WsClient;
use serde_json::Value as Json;
use std::{
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;

use crate::{
	queries::search,
	register::{registrations, PER_OWNER},
	scan::next_agent_id,
	Args,
};

/// `args.clients` clients, each with its own connection, send `args.client_queries`
/// `discover_search` calls each (the query set in turn) at the same time, while `extra_owners`
/// register `args.import_rate` more agents per second (agents numbered from `first_spec`);
/// returns the summary line.
pub async fn under_load(
	args: &Args,
	node: &DevNode,
	rpc: &WsClient,
	at: &At,
	extra_owners: &[Keypair],
	first_spec: usize,
	queries: &[Json],
) -> Result<String> {
	let batches: Vec<Vec<u8>> = extra_owners
		.iter()
		.enumerate()
		.map(|(o, owner)| {
			let first = first_spec + o * PER_OWNER;
			registrations(at, owner, first..first + PER_OWNER)
		})
		.collect::<Result<_>>()?;
	let mut clients = Vec::with_capacity(args.clients);
	for _ in 0..args.clients {
		clients.push(node.rpc_client().await?);
	}
	let start_hash = best_hash(rpc).await?;
	let (start_block, start_agents) =
		(block_number(rpc, Some(&start_hash)).await?, next_agent_id(rpc, &start_hash).await?);

	let stop = Arc::new(AtomicBool::new(false));
	let writer = {
		let (stop, rpc, per_second) =
			(stop.clone(), node.rpc_client().await?, args.import_rate.div_ceil(PER_OWNER));
		tokio::spawn(async move {
			let mut queue = batches.into_iter().enumerate();
			let mut refused = 0;
			while !stop.load(Ordering::Relaxed) {
				let wave: Vec<_> = queue.by_ref().take(per_second).collect();
				refused += submit_all(&rpc, wave).await.refused.len();
				tokio::time::sleep(Duration::from_secs(1)).await;
			}
			refused
		})
	};
	let started = Instant::now();
	let readers = clients.into_iter().enumerate().map(|(c, client)| {
		let queries: Vec<Json> = (0..args.client_queries)
			.map(|k| queries[(c + k) % queries.len()].clone())
			.collect();
		tokio::spawn(async move {
			let mut latencies = Vec::with_capacity(queries.len());
			let mut errors = Vec::new();
			for q in &queries {
				let t = Instant::now();
				match search(&client, q).await {
					Ok(_) => latencies.push(t.elapsed()),
					Err(e) => errors.push(e.to_string()),
				}
			}
			(latencies, errors)
		})
	});
	let mut latencies = Vec::new();
	let mut errors = Vec::new();
	for reader in join_all(readers).await {
		let (l, e) = reader?;
		latencies.extend(l);
		errors.extend(e);
	}
	let elapsed = started.elapsed();
	stop.store(true, Ordering::Relaxed);
	let refused = writer.await?;
	let end_hash = best_hash(rpc).await?;
	let (end_block, end_agents) =
		(block_number(rpc, Some(&end_hash)).await?, next_agent_id(rpc, &end_hash).await?);
	latencies.sort();
	if let Some(e) = errors.first() {
		println!("first of {} query errors: {e}", errors.len());
	}
	Ok(format!(
		"under load: {} clients x {} discover_search in {:.1} s ({:.0} queries/s): p50 {} p99 {} max {}, {} errors; meanwhile {} blocks imported with {} new agents ({} registration batches refused)",
		args.clients,
		args.client_queries,
		elapsed.as_secs_f64(),
		latencies.len() as f64 / elapsed.as_secs_f64(),
		ms(percentile(&latencies, 0.5)),
		ms(percentile(&latencies, 0.99)),
		ms(latencies.last().copied().unwrap_or_default()),
		errors.len(),
		end_block - start_block,
		end_agents - start_agents,
		refused,
	))
}
