//! Parameters governance changes at runtime (`pallet-parameters`, `Parameters::set_parameter`,
//! by [`GovernanceOrigin`]): the time windows of the agent lifecycle and of settlement, the
//! challenger's reward and the collators' session length. Amounts that back held funds (bonds, minimum escrow, protocol fee) stay
//! fixed in code: changing them needs a runtime upgrade.

use polkadot_sdk::*;

use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::AsEnsureOriginWithArg,
};
use sp_runtime::Perbill;

use super::governance::GovernanceOrigin;
use crate::{BlockNumber, Runtime, RuntimeEvent, DAYS, HOURS};

/// The parameters and their defaults (the values at genesis).
#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// The agent lifecycle.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod agents {
		/// An agent without a heartbeat for this many blocks (1 hour) is `Stale`.
		#[codec(index = 0)]
		pub static LivenessWindow: BlockNumber = HOURS;
		/// Blocks (7 days) between deregistering and withdrawing the bond, so an agent cannot
		/// run from a challenge opened against it.
		#[codec(index = 1)]
		pub static UnbondingPeriod: BlockNumber = 7 * DAYS;
		/// Longest jail term governance may impose at once (30 days).
		#[codec(index = 2)]
		pub static MaxJailPeriod: BlockNumber = 30 * DAYS;
	}

	/// Escrow and challenges.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod settlement {
		/// Blocks (3 days) a client has to release or dispute a delivered job before the
		/// provider may claim the payment.
		#[codec(index = 0)]
		pub static ReviewPeriod: BlockNumber = 3 * DAYS;
		/// Blocks (7 days) the arbiter has to rule before a challenge expires with no penalty.
		#[codec(index = 1)]
		pub static ResolutionPeriod: BlockNumber = 7 * DAYS;
		/// Share of an upheld challenge's slash paid to the challenger.
		#[codec(index = 2)]
		pub static ChallengerReward: Perbill = Perbill::from_percent(50);
	}

	/// Collator rotation.
	#[dynamic_pallet_params]
	#[codec(index = 2)]
	pub mod collators {
		/// Blocks (6 hours) per session: new candidates start authoring, and candidates that
		/// authored nothing are kicked, at session boundaries. Values below
		/// [`crate::configs::MIN_SESSION_LENGTH`] count as that minimum.
		#[codec(index = 0)]
		pub static SessionLength: BlockNumber = 6 * HOURS;
	}
}

/// Benchmarks set some parameter; any will do.
#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::Agents(dynamic_params::agents::Parameters::LivenessWindow(
			dynamic_params::agents::LivenessWindow,
			Some(HOURS),
		))
	}
}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	/// Every parameter: Root or half of the council.
	type AdminOrigin = AsEnsureOriginWithArg<GovernanceOrigin>;
	/// The pallet's own benchmarked weights (one storage write).
	type WeightInfo = ();
}
