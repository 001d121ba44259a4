//! Bad extrinsics against the real dev node: a generated table of cases over the calls of every
//! ChaosCore pallet (and the governance calls that steer them) where a client can get it wrong.
//!
//! - **Oversized** metadata: every bounded field of `AgentRegistry::register` / `update` (name,
//!   category, tag count and length, tool / capability count and length, endpoint count and URL
//!   length, region, document) and the receipt kind of `ProofOfAgency::record_receipt`, one element
//!   or byte over its bound (bounds read from the node's metadata; the same fields at their bounds
//!   are registered and updated successfully during set-up).
//! - **Malformed** call bytes: truncated or trailing bytes, unknown enum variants, a bool of 2, a
//!   `Perbill` above 100%.
//! - **Invalid metadata** that decodes: empty name, document hash mismatch.
//! - **Wrong origins**: governance calls signed by a plain account or a lone council member,
//!   agent-key calls signed by the owner or a stranger, owner calls signed by the agent key or a
//!   stranger, escrow calls signed by the wrong party, sudo by a non-sudo key.
//! - **Wrong states**: jailed / unbonding / challenged / underbonded / unknown agents, keys in use,
//!   full owner lists, unknown / settled / disputed / submitted / late escrows, unknown / resolved
//!   / duplicate challenges, unknown / finalized / already attested receipts, missing feedback
//!   rights, governance (Root via sudo) rulings on bad targets, too-poor signers.
//!
//! For every case it proves:
//!
//! (a) the outcome. An oversized or malformed transaction is refused by the node's pool: JSON-RPC
//! error 1002 ("Verification Error: Runtime error: … wasm trap …" in
//! `TaggedTransactionQueue_validate_transaction`), and the node logs for it that the runtime got
//! "Bad input data provided to validate_transaction: Codec error" — the JSON-RPC error itself
//! does not say the transaction could not be decoded. Any other case is included and fails with
//! exactly the named error: `Pallet::Error` or `BadOrigin`; for Root calls, the error in
//! `Sudo::Sudid` (the sudo transaction itself succeeds and, by design, pays no fee).
//!
//! (b) no state change but the fee. The node seals blocks on demand (`--manual-seal`), one block
//! per case, and the whole state (every key; the runtime code by its hash) before and after the
//! block is compared. Allowed are only block bookkeeping (System except accounts, Timestamp,
//! ParachainSystem, Aura, AuraExt, Authorship, the author's `CollatorSelection::LastAuthoredBlock`,
//! `TransactionPayment::NextFeeMultiplier`, pallet-revive's per-block Ethereum block and hash, the
//! registry's liveness-sweep cursor) and the fee's path, exactly: the signer's nonce +1 and free
//! balance −fee (`TransactionFeePaid`), the collators' pot +fee, the block author's reward of
//! half the pot (less the existential deposit) from it. Nothing else in any account (reserved,
//! frozen, providers…), no hold, no other storage item of any pallet. A refused transaction
//! costs nothing: its signer's account does not change at all.
//!
//! Boundaries are exact: bounds, minimums and maximum periods come from the node's metadata, the
//! same metadata fields and receipt kind at their bounds are accepted during set-up, and cases
//! about "now" know the block they run in.
//!
//! Layout: `setup` makes what the cases run against (actors, agents, escrows, receipts and
//! challenges in every state the cases need); one module per pallet (`registry`, `escrow`,
//! `challenge`, `agency`, `reputation`, `governance`) builds its calls and adds its cases to the
//! `table`; `chain` runs them on the manually sealed node, and `state_diff` checks (b).
//!
//! Not cases, because the runtime accepts them by design: metadata contents beyond a non-empty
//! name and the document hash (strings and URLs are "not validated on-chain": invalid UTF-8,
//! duplicate tags or a URL that is not one are registered as given).

mod agency;
mod calls;
mod chain;
mod challenge;
mod escrow;
mod governance;
mod metadata;
mod registry;
mod reputation;
mod setup;
mod state_diff;
mod table;

use crate::chaoscore_node;
use chain::Chain;
use chaoscore_harness::Result;
use std::time::Instant;
use table::Table;

/// An id no agent, escrow, challenge or receipt has.
const UNKNOWN: u64 = 999_999;

#[tokio::test(flavor = "multi_thread")]
async fn bad_extrinsics_are_rejected_with_the_named_error_and_change_no_state() -> Result {
	let started = Instant::now();
	let dir = tempfile::tempdir()?;
	let mut chain = Chain::start(chaoscore_node(), dir.path()).await?;
	let fixture = setup::set_up(&mut chain).await?;
	let setup_time = started.elapsed();

	// The table, pallet by pallet; then one block per case, in order.
	let mut table = Table::new(chain.next());
	registry::cases(&mut table, &chain, &fixture)?;
	escrow::cases(&mut table, &chain, &fixture)?;
	challenge::cases(&mut table, &fixture);
	agency::cases(&mut table, &fixture);
	reputation::cases(&mut table, &fixture);
	governance::cases(&mut table, &chain, &fixture)?;

	let table_started = Instant::now();
	let failures = table.run(&mut chain).await?;
	println!(
		"{} cases {:?}; set-up {setup_time:?}, table {:?}, total {:?}",
		table.len(),
		table.counts(),
		table_started.elapsed(),
		started.elapsed()
	);
	assert!(
		failures.is_empty(),
		"{} of {} cases failed:\n{}",
		failures.len(),
		table.len(),
		failures.join("\n")
	);
	Ok(())
}
