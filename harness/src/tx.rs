//! Signing a transaction with subxt, submitting it and waiting until it is finalized, and what
//! became of it.

use crate::{events::expect_dispatched, Api, Result};
use subxt::{
	dynamic::{self, Value},
	error::{DispatchError, TransactionEventsError, TransactionFinalizedSuccessError},
	extrinsics::ExtrinsicEvents,
	tx::Payload,
	utils::H256,
	PolkadotConfig,
};
use subxt_signer::sr25519::{dev, Keypair};

/// What became of a finalized transaction: its events, or why it failed.
pub type Outcome = Result<Included, TransactionFinalizedSuccessError>;

/// A successful transaction: the block it is in and its events (it derefs to the events).
pub struct Included {
	/// Hash of the (finalized) block the transaction is in.
	pub block: H256,
	/// The transaction's events.
	pub events: ExtrinsicEvents<PolkadotConfig>,
}

impl std::ops::Deref for Included {
	type Target = ExtrinsicEvents<PolkadotConfig>;
	fn deref(&self) -> &Self::Target {
		&self.events
	}
}

/// Signs `call` with `signer`, submits it and waits until it is finalized. The outer error is
/// the pool refusing the transaction; the inner result is the dispatch outcome.
pub async fn submit<Call: Payload>(api: &Api, call: &Call, signer: &Keypair) -> Result<Outcome> {
	let progress = api
		.at_current_block()
		.await?
		.tx()
		.sign_and_submit_then_watch_default(call, signer)
		.await?;
	let outcome = async {
		let in_block = progress.wait_for_finalized().await?;
		let events = in_block.wait_for_success().await?;
		Ok::<_, TransactionFinalizedSuccessError>(Included { block: in_block.block_hash(), events })
	};
	Ok(outcome.await)
}

/// [`submit`] of a runtime call built by [`crate::call`], as a transaction of its own.
pub async fn submit_call(api: &Api, call: Value, signer: &Keypair) -> Result<Outcome> {
	let (pallet, name, args) = crate::calls::split_call(call)?;
	submit(api, &dynamic::tx(pallet, name, args), signer).await
}

/// `Pallet::Error` name of a failed transaction's module error (e.g. `AgentRegistry::AgentJailed`).
pub fn module_error(outcome: Outcome) -> String {
	match outcome {
		Err(TransactionFinalizedSuccessError::SuccessError(
			TransactionEventsError::ExtrinsicFailed(DispatchError::Module(e)),
		)) => e.details_string(),
		Err(other) => panic!("expected a module error, got {other}"),
		Ok(_) => panic!("expected the transaction to fail, it succeeded"),
	}
}

/// Dispatches `call` (a runtime call as a `Value`, see [`crate::call`]) as Root through `Sudo::sudo`,
/// signed by Alice, and fails unless the inner call succeeded.
pub async fn sudo(api: &Api, call: Value) -> Result<Included> {
	let events = submit(api, &dynamic::tx("Sudo", "sudo", vec![call]), &dev::alice()).await??;
	expect_dispatched(&events, ("Sudo", "Sudid", "sudo_result"), "sudo call")?;
	Ok(events)
}
