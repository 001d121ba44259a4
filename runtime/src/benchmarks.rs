//! Pallets whose benchmarks the runtime exposes through `frame_benchmarking::Benchmark`.
//!
//! `SystemBench` and `SessionBench` are brought into scope by the `Benchmark` implementation in
//! [`crate::apis`].

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_timestamp, Timestamp]
	[pallet_collator_selection, CollatorSelection]
	[pallet_message_queue, MessageQueue]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_agent_registry, AgentRegistry]
	[pallet_slashing, Slashing]
	[pallet_escrow, Escrow]
	[pallet_challenge, Challenge]
	[pallet_proof_of_agency, ProofOfAgency]
	[pallet_reputation, Reputation]
);
