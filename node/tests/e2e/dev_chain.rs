//! End to end: a real `chaoscore-node --dev` produces blocks, includes a signed balance transfer
//! submitted with subxt, and keeps its chain and balances across a restart.

use crate::chaoscore_node;
use chaoscore_harness::{account, submit, Api, DevNode, Result};
use subxt::{
	dynamic,
	ext::scale_decode::{self, DecodeAsType},
	utils::AccountId32,
};
use subxt_signer::sr25519::dev;

/// `TransactionPayment::TransactionFeePaid`.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
struct TransactionFeePaid {
	who: AccountId32,
	actual_fee: u128,
	tip: u128,
}

/// Free balance of `who` at the latest finalized block.
async fn free_balance(api: &Api, who: &AccountId32) -> Result<u128> {
	Ok(account(api, who).await?.free)
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_is_included_and_survives_restart() -> Result {
	let base = tempfile::tempdir()?;
	let mut node = DevNode::start(chaoscore_node(), base.path())?;
	let api = node.client().await?;
	node.wait_for_height(&api, 2).await?;

	let alice = dev::alice();
	let bob = dev::bob();
	let alice_id: AccountId32 = alice.public_key().into();
	let bob_id: AccountId32 = bob.public_key().into();
	let alice_before = free_balance(&api, &alice_id).await?;
	let bob_before = free_balance(&api, &bob_id).await?;
	assert!(alice_before > 0 && bob_before > 0, "dev accounts are funded at genesis");

	let amount: u128 = 1_234_567_890_000;
	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(bob.public_key().to_address::<()>(), amount),
	);
	let events = submit(&api, &transfer, &alice).await??;

	let mut fee = None;
	for event in events.iter() {
		let event = event?;
		if (event.pallet_name(), event.event_name()) == ("TransactionPayment", "TransactionFeePaid")
		{
			let paid: TransactionFeePaid = event.decode_fields_unchecked_as()?;
			assert_eq!(paid.who, alice_id);
			assert_eq!(paid.tip, 0);
			fee = Some(paid.actual_fee);
		}
	}
	let fee = fee.ok_or("no TransactionFeePaid event for the transfer")?;
	assert!(fee > 0, "a signed transfer pays a fee");

	let alice_after = free_balance(&api, &alice_id).await?;
	let bob_after = free_balance(&api, &bob_id).await?;
	assert_eq!(bob_after, bob_before + amount, "Bob receives exactly the amount");
	assert_eq!(alice_after, alice_before - amount - fee, "Alice pays the amount and the fee");

	// Restart on the same base path: the chain and the balances are still there.
	let height = api.at_current_block().await?.block_number();
	let hash_at_height = api.at_block(height).await?.block_hash();
	drop(api);
	node.restart()?;
	let api = node.client().await?;
	assert_eq!(
		api.at_block(height).await?.block_hash(),
		hash_at_height,
		"block {height} is the same block after the restart"
	);
	assert_eq!(free_balance(&api, &alice_id).await?, alice_after);
	assert_eq!(free_balance(&api, &bob_id).await?, bob_after);
	// And the chain goes on from where it was.
	node.wait_for_height(&api, height + 2).await?;
	node.stop()
}
