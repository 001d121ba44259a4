//! Council motions as Polkadot.js Apps builds them (*Governance → Council → Motions*) on the
//! `local` chain, whose council is Alice, Bob and Charlie; and Root reached through two motions
//! and the whitelist (`docs/governance.md`).

use crate::{
	call, event_field, expect_dispatched, find_event, submit, Api, Included, Outcome, Result,
};
use polkadot_sdk::sp_io::hashing::blake2_256;
use subxt::dynamic::{self, Value};
use subxt_signer::sr25519::{dev, Keypair};

/// Upper bound on the encoded length of the proposal, as the council calls require.
pub const LENGTH_BOUND: u128 = 10_000;

/// An open council motion.
pub struct Motion {
	hash: Value,
	index: Value,
}

impl Motion {
	/// Alice proposes `proposal` with a threshold of 2 of the 3 members (proposing is not voting).
	pub async fn propose(api: &Api, proposal: Value) -> Result<Self> {
		let proposed = submit(api, &propose(proposal), &dev::alice()).await??;
		let motion = find_event(&proposed, "Council", "Proposed")?;
		Ok(Self {
			hash: event_field(&motion, "proposal_hash")?,
			index: event_field(&motion, "proposal_index")?,
		})
	}

	/// `member` votes aye.
	pub async fn aye(&self, api: &Api, member: &Keypair) -> Result {
		let vote = dynamic::tx(
			"Council",
			"vote",
			vec![self.hash.clone(), self.index.clone(), Value::bool(true)],
		);
		submit(api, &vote, member).await??;
		Ok(())
	}

	/// Charlie closes the motion: once it has its threshold it executes as the council.
	pub async fn close(&self, api: &Api) -> Result<Outcome> {
		let weight_bound = Value::named_composite([
			("ref_time", Value::u128(50_000_000_000)),
			("proof_size", Value::u128(500_000)),
		]);
		let close = dynamic::tx(
			"Council",
			"close",
			vec![self.hash.clone(), self.index.clone(), weight_bound, Value::u128(LENGTH_BOUND)],
		);
		submit(api, &close, &dev::charlie()).await
	}

	/// Alice and Bob vote aye (2 of 3: both half and two thirds of the council), the motion is
	/// closed; fails unless the proposal succeeded.
	pub async fn pass(&self, api: &Api) -> Result<Included> {
		self.aye(api, &dev::alice()).await?;
		self.aye(api, &dev::bob()).await?;
		let closed = self.close(api).await??;
		find_event(&closed, "Council", "Approved")?;
		expect_dispatched(&closed, ("Council", "Executed", "result"), "the motion's call")?;
		Ok(closed)
	}
}

/// `Council::propose` of `proposal` with a threshold of 2.
pub fn propose(proposal: Value) -> subxt::tx::DynamicPayload<Vec<Value>> {
	dynamic::tx("Council", "propose", vec![Value::u128(2), proposal, Value::u128(LENGTH_BOUND)])
}

/// Passes a motion and returns its events.
pub async fn pass_motion(api: &Api, proposal: Value) -> Result<Included> {
	Motion::propose(api, proposal).await?.pass(api).await
}

/// The call `Parameters::set_parameter` setting `group::name` to `value`.
pub fn set_parameter(group: &str, name: &str, value: u128) -> Value {
	call(
		"Parameters",
		"set_parameter",
		vec![(
			"key_value",
			Value::unnamed_variant(
				group,
				[Value::unnamed_variant(
					name,
					[
						Value::unnamed_composite([]),
						Value::unnamed_variant("Some", [Value::u128(value)]),
					],
				)],
			),
		)],
	)
}

/// Dispatches `pallet::name(args)` as Root without sudo: one motion whitelists the call's hash
/// (`Whitelist::whitelist_call`, half of the council), a second dispatches it
/// (`Whitelist::dispatch_whitelisted_call_with_preimage`, two thirds). Returns the second
/// motion's events; fails unless the call itself succeeded.
pub async fn dispatch_as_root(
	api: &Api,
	pallet: &str,
	name: &str,
	args: Vec<(&str, Value)>,
) -> Result<Included> {
	let positional: Vec<Value> = args.iter().map(|(_, value)| value.clone()).collect();
	let encoded = api
		.at_current_block()
		.await?
		.tx()
		.call_data(&dynamic::tx(pallet, name, positional))?;
	let hash = blake2_256(&encoded);
	let whitelist =
		call("Whitelist", "whitelist_call", vec![("call_hash", Value::from_bytes(hash))]);
	let whitelisted = pass_motion(api, whitelist).await?;
	find_event(&whitelisted, "Whitelist", "CallWhitelisted")?;
	let dispatch = call(
		"Whitelist",
		"dispatch_whitelisted_call_with_preimage",
		vec![("call", call(pallet, name, args))],
	);
	let dispatched = pass_motion(api, dispatch).await?;
	let dispatched_as = ("Whitelist", "WhitelistedCallDispatched", "result");
	expect_dispatched(&dispatched, dispatched_as, "the whitelisted call as Root")?;
	Ok(dispatched)
}
