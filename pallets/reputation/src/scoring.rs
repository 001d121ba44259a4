//! # The scoring model
//!
//! The pallet records [`Outcome`]s per agent and hands them to a [`ScoringModel`], which keeps a
//! small state per agent and turns it into a score in `[0, MAX_SCORE]`. The model is a
//! configuration item of the pallet (`Config::Model`), so a runtime can swap it; the default is
//! [`DecayingBeta`].
//!
//! ## `DecayingBeta`
//!
//! Two fixed-point accumulators, positive evidence `P` and negative evidence `N`
//! ([`FixedU128`], 18 decimals), both decayed by `2^(−elapsed / HalfLife)` whenever the state is
//! touched (an outcome is applied, or the score is read):
//!
//! | outcome | effect |
//! | --- | --- |
//! | receipt verified | `P += 1/100` |
//! | receipt rejected | `N += 2` |
//! | escrow released, value `v` | `P += w(v)` |
//! | escrow refunded, value `v` | `N += w(v)` |
//! | challenge upheld | `N += 5` |
//! | slash | `N += 3` |
//! | positive feedback on an escrow of value `v` | `P += w(v)` |
//! | negative feedback on an escrow of value `v` | `N += w(v)` |
//!
//! `w(v) = min(v / ValueUnit, MaxValueWeight)`: linear in value, so that evidence from paid work
//! costs what the work cost. A client paying its own agent loses the protocol fee on the value,
//! so positive evidence is bought at a fixed price per unit (1 % of `ValueUnit` in the runtime)
//! however it is split into escrows; small escrows do not buy more per CHAOS than large ones. The
//! cap keeps one escrow from outweighing a long history. A verified receipt proves that an action
//! happened, not that anyone valued it, so it weighs a hundredth of a unit, while a rejected one
//! (a false claim, caught by a drawn committee) weighs two.
//!
//! `score = ⌊1000 · (P + α) / (P + N + α + β)⌋` with the prior `α = β = 1`: an agent without
//! history scores 500, and the score drifts back toward 500 as its evidence decays.
//!
//! ### Decay in fixed point
//!
//! `elapsed = q · HalfLife + r` with `0 ≤ r < HalfLife`. The `q` whole halvings shift the raw
//! fixed-point value right by `q` bits (zero from 128 halvings on); the fractional part
//! `f = r / HalfLife ∈ [0, 1)` multiplies by the rational approximation
//!
//! ```text
//! 2^(−f) ≈ (10 − 3f) / (10 + 4f) = (10·HalfLife − 3r) / (10·HalfLife + 4r)
//! ```
//!
//! which is exact at `f = 0` and `f = 1` (so the decay is continuous and strictly decreasing
//! across halvings), has slope `−0.7` at 0 (the true slope is `−ln 2 ≈ −0.693`) and is within
//! 0.27 % of `2^(−f)` on `[0, 1]`. Every multiplication rounds down. No floats anywhere.
//!
//! Decay is applied at each touch, so the state depends on the blocks at which outcomes were
//! applied (rounding makes decays not exactly compose); [`ScoringModel::recompute`] replays the
//! same outcomes at the same blocks and therefore reproduces the stored state exactly.

use chaoscore_primitives::{
	agency::EscrowOutcome,
	settlement::{EscrowId, ReceiptId},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{fmt::Debug, marker::PhantomData};
use polkadot_sdk::{
	frame_support::traits::Get,
	sp_runtime::{
		helpers_128bit::multiply_by_rational_with_rounding,
		traits::{AtLeast32BitUnsigned, Saturating, Zero},
		FixedPointNumber, FixedU128, Rounding,
	},
};
use scale_info::TypeInfo;

/// The highest score; scores lie in `[0, MAX_SCORE]`.
pub const MAX_SCORE: u32 = 1_000;

/// The score of an agent without any evidence (`MAX_SCORE · α / (α + β)` with `α = β = 1`).
pub const NEUTRAL_SCORE: u32 = 500;

/// Something that happened to an agent and counts for its reputation.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Outcome<Balance> {
	/// A receipt of the agent was finalized: verified (`true`) or rejected (`false`).
	Receipt { id: ReceiptId, verified: bool },
	/// An escrow the agent provided was settled.
	Escrow { id: EscrowId, value: Balance, outcome: EscrowOutcome },
	/// A challenge against the agent (or an escrow it provided) was upheld.
	ChallengeUpheld,
	/// `amount` of the agent's bond was slashed.
	Slashed { amount: Balance },
	/// The client of settled escrow `escrow`, of value `value`, left feedback.
	Feedback { escrow: EscrowId, value: Balance, positive: bool },
}

/// A reputation model: a per-agent state updated by outcomes and read as a score.
///
/// Implementations must be deterministic and must never panic; [`Self::score`] must lie in
/// `[0, MAX_SCORE]` for every state and block.
pub trait ScoringModel<Balance, BlockNumber> {
	/// The per-agent state kept in storage.
	type State: Encode
		+ Decode
		+ MaxEncodedLen
		+ TypeInfo
		+ Default
		+ Clone
		+ PartialEq
		+ Eq
		+ Debug;

	/// Applies `outcome`, which happened at block `now`, to `state`.
	fn apply(state: &mut Self::State, outcome: &Outcome<Balance>, now: BlockNumber);

	/// The score of `state` as seen at block `now`, in `[0, MAX_SCORE]`.
	fn score(state: &Self::State, now: BlockNumber) -> u32;

	/// The state obtained by applying every outcome of `history` (oldest first) at its block to
	/// the default state.
	fn replay(history: &[(BlockNumber, Outcome<Balance>)]) -> Self::State
	where
		BlockNumber: Copy,
	{
		let mut state = Self::State::default();
		for (at, outcome) in history {
			Self::apply(&mut state, outcome, *at);
		}
		state
	}

	/// The score at `now` recomputed from scratch from `history` (oldest first). Equals the
	/// score of the incrementally maintained state as long as `history` is complete.
	fn recompute(history: &[(BlockNumber, Outcome<Balance>)], now: BlockNumber) -> u32
	where
		BlockNumber: Copy,
	{
		Self::score(&Self::replay(history), now)
	}
}

/// State of [`DecayingBeta`]: the evidence for and against the agent as of block `at`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct BetaState<BlockNumber> {
	/// Positive evidence, decayed to `at`.
	pub positive: FixedU128,
	/// Negative evidence, decayed to `at`.
	pub negative: FixedU128,
	/// The block both accumulators are decayed to.
	pub at: BlockNumber,
}

/// One unit of evidence.
const UNIT: u128 = FixedU128::DIV;
/// Evidence added to `P` by a verified receipt: a hundredth of a unit.
pub const VERIFIED_RECEIPT_WEIGHT: FixedU128 = FixedU128::from_inner(UNIT / 100);
/// Evidence added to `N` by a rejected receipt.
pub const REJECTED_RECEIPT_WEIGHT: FixedU128 = FixedU128::from_inner(2 * UNIT);
/// Evidence added to `N` by an upheld challenge.
pub const CHALLENGE_UPHELD_WEIGHT: FixedU128 = FixedU128::from_inner(5 * UNIT);
/// Evidence added to `N` by a slash.
pub const SLASH_WEIGHT: FixedU128 = FixedU128::from_inner(3 * UNIT);

/// The default [`ScoringModel`]: a beta-reputation score over exponentially decaying evidence
/// (see the [module docs](self)).
///
/// - `HalfLife`: blocks after which evidence counts half (zero: no decay).
/// - `ValueUnit`: the escrow value that counts as one unit in `w(v)` (zero is treated as one).
/// - `MaxValueWeight`: the cap of `w(v)`, in units.
pub struct DecayingBeta<HalfLife, ValueUnit, MaxValueWeight>(
	PhantomData<(HalfLife, ValueUnit, MaxValueWeight)>,
);

impl<HalfLife, ValueUnit, MaxValueWeight> DecayingBeta<HalfLife, ValueUnit, MaxValueWeight> {
	/// `w(value)`: `min(value / unit, max)` in fixed point, rounded down.
	pub fn value_weight<Balance>(value: Balance) -> FixedU128
	where
		Balance: AtLeast32BitUnsigned + Copy,
		ValueUnit: Get<Balance>,
		MaxValueWeight: Get<u32>,
	{
		let unit: u128 = ValueUnit::get().unique_saturated_into();
		let value: u128 = value.unique_saturated_into();
		let max = FixedU128::from_u32(MaxValueWeight::get());
		let raw = multiply_by_rational_with_rounding(value, UNIT, unit.max(1), Rounding::Down);
		raw.map_or(max, FixedU128::from_inner).min(max)
	}

	/// `x · 2^(−elapsed / half_life)` in fixed point, rounded down (see the module docs).
	pub fn decay<BlockNumber>(x: FixedU128, elapsed: BlockNumber) -> FixedU128
	where
		BlockNumber: AtLeast32BitUnsigned + Copy,
		HalfLife: Get<BlockNumber>,
	{
		let half_life: u128 = HalfLife::get().unique_saturated_into();
		let elapsed: u128 = elapsed.unique_saturated_into();
		if half_life == 0 || elapsed == 0 || x.is_zero() {
			return x;
		}
		let whole = elapsed.checked_div(half_life).unwrap_or(0);
		let rest = elapsed.checked_rem(half_life).unwrap_or(0);
		let shifted = match u32::try_from(whole) {
			Ok(bits) => x.into_inner().checked_shr(bits).unwrap_or(0),
			Err(_) => 0,
		};
		let ten_h = half_life.saturating_mul(10);
		let num = ten_h.saturating_sub(rest.saturating_mul(3));
		let den = ten_h.saturating_add(rest.saturating_mul(4));
		let raw =
			multiply_by_rational_with_rounding(shifted, num, den, Rounding::Down).unwrap_or(0);
		FixedU128::from_inner(raw)
	}

	/// `state` decayed to block `now` (unchanged if `now` is not after `state.at`).
	pub fn decayed<BlockNumber>(
		state: &BetaState<BlockNumber>,
		now: BlockNumber,
	) -> BetaState<BlockNumber>
	where
		BlockNumber: AtLeast32BitUnsigned + Copy,
		HalfLife: Get<BlockNumber>,
	{
		if now <= state.at {
			return *state;
		}
		let elapsed = now.saturating_sub(state.at);
		BetaState {
			positive: Self::decay(state.positive, elapsed),
			negative: Self::decay(state.negative, elapsed),
			at: now,
		}
	}

	/// `⌊1000 · (P + 1) / (P + N + 2)⌋` for the raw accumulators.
	pub fn beta_score(positive: FixedU128, negative: FixedU128) -> u32 {
		let one = FixedU128::DIV;
		let num = positive.into_inner().saturating_add(one);
		let den = num.saturating_add(negative.into_inner()).saturating_add(one);
		let score =
			multiply_by_rational_with_rounding(u128::from(MAX_SCORE), num, den, Rounding::Down)
				.unwrap_or(0);
		u32::try_from(score.min(u128::from(MAX_SCORE))).unwrap_or(MAX_SCORE)
	}
}

impl<Balance, BlockNumber, HalfLife, ValueUnit, MaxValueWeight> ScoringModel<Balance, BlockNumber>
	for DecayingBeta<HalfLife, ValueUnit, MaxValueWeight>
where
	Balance: AtLeast32BitUnsigned + Copy,
	BlockNumber: AtLeast32BitUnsigned
		+ Copy
		+ Encode
		+ Decode
		+ MaxEncodedLen
		+ TypeInfo
		+ Default
		+ Debug
		+ 'static,
	HalfLife: Get<BlockNumber>,
	ValueUnit: Get<Balance>,
	MaxValueWeight: Get<u32>,
{
	type State = BetaState<BlockNumber>;

	fn apply(state: &mut Self::State, outcome: &Outcome<Balance>, now: BlockNumber) {
		let mut next = Self::decayed(state, now);
		let (positive, add) = match outcome {
			Outcome::Receipt { verified: true, .. } => (true, VERIFIED_RECEIPT_WEIGHT),
			Outcome::Receipt { verified: false, .. } => (false, REJECTED_RECEIPT_WEIGHT),
			Outcome::Escrow { value, outcome, .. } => {
				(*outcome == EscrowOutcome::Released, Self::value_weight(*value))
			},
			Outcome::ChallengeUpheld => (false, CHALLENGE_UPHELD_WEIGHT),
			Outcome::Slashed { .. } => (false, SLASH_WEIGHT),
			Outcome::Feedback { value, positive, .. } => (*positive, Self::value_weight(*value)),
		};
		if positive {
			next.positive = next.positive.saturating_add(add);
		} else {
			next.negative = next.negative.saturating_add(add);
		}
		*state = next;
	}

	fn score(state: &Self::State, now: BlockNumber) -> u32 {
		let state = Self::decayed(state, now);
		Self::beta_score(state.positive, state.negative)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::frame_support::traits::{ConstU128, ConstU32, ConstU64};

	type Model = DecayingBeta<ConstU64<100>, ConstU128<100>, ConstU32<4>>;

	fn fixed(n: u128) -> FixedU128 {
		FixedU128::saturating_from_integer(n)
	}

	#[test]
	fn value_weight_is_linear_and_capped() {
		assert_eq!(Model::value_weight(0u128), FixedU128::zero());
		assert_eq!(Model::value_weight(1u128), FixedU128::from_rational(1, 100));
		assert_eq!(Model::value_weight(150u128), FixedU128::from_rational(3, 2));
		assert_eq!(Model::value_weight(300u128), fixed(3));
		assert_eq!(Model::value_weight(400u128), fixed(4));
		assert_eq!(Model::value_weight(401u128), fixed(4));
		assert_eq!(Model::value_weight(u128::MAX), fixed(4));
		// Ten escrows of 30 weigh what one of 300 does: splitting buys nothing.
		let split = (0..10).fold(FixedU128::zero(), |w, _| w + Model::value_weight(30u128));
		assert_eq!(split, Model::value_weight(300u128));
		// A zero unit counts as one; a zero cap allows no evidence from value.
		assert_eq!(
			DecayingBeta::<ConstU64<1>, ConstU128<0>, ConstU32<9>>::value_weight(5u128),
			fixed(5)
		);
		assert_eq!(
			DecayingBeta::<ConstU64<1>, ConstU128<1>, ConstU32<0>>::value_weight(5u128),
			FixedU128::zero()
		);
	}

	#[test]
	fn decay_halves_per_half_life_and_is_exact_at_the_ends() {
		let x = fixed(8);
		assert_eq!(Model::decay(x, 0u64), x);
		assert_eq!(Model::decay(x, 100u64), fixed(4));
		assert_eq!(Model::decay(x, 200u64), fixed(2));
		assert_eq!(Model::decay(x, 300u64), fixed(1));
		assert_eq!(Model::decay(x, 100 * 200u64), FixedU128::zero());
		assert_eq!(Model::decay(x, u64::MAX), FixedU128::zero());
		// Half a half-life: 8 · 17/24 (the approximation of 1/√2 ≈ 0.7071 is 0.7083).
		assert_eq!(Model::decay(x, 50u64), FixedU128::from_inner(5_666_666_666_666_666_666));
		// No decay without a half-life.
		assert_eq!(DecayingBeta::<ConstU64<0>, ConstU128<1>, ConstU32<4>>::decay(x, 7u64), x);
	}

	#[test]
	fn decay_is_monotone_and_close_to_the_exponential() {
		let x = fixed(1_000_000);
		let mut last = x;
		for e in 1..=400u64 {
			let d = Model::decay(x, e);
			assert!(d < last, "strictly decreasing at {e}");
			last = d;
			let exact = 1_000_000f64 * 2f64.powf(-(e as f64) / 100.0);
			let got = d.into_inner() as f64 / 1e18;
			assert!((got - exact).abs() / exact < 0.003, "within 0.3% at {e}: {got} vs {exact}");
		}
	}

	#[test]
	fn beta_score_bounds_and_prior() {
		assert_eq!(Model::beta_score(FixedU128::zero(), FixedU128::zero()), NEUTRAL_SCORE);
		assert_eq!(Model::beta_score(fixed(8), FixedU128::zero()), 900);
		assert_eq!(Model::beta_score(FixedU128::zero(), fixed(8)), 100);
		let max = FixedU128::from_inner(u128::MAX);
		assert!(Model::beta_score(max, FixedU128::zero()) <= MAX_SCORE);
		assert!(Model::beta_score(max, max) <= MAX_SCORE);
		assert_eq!(Model::beta_score(FixedU128::zero(), max), 0);
	}

	#[test]
	fn apply_and_recompute_agree() {
		let history: Vec<(u64, Outcome<u128>)> = vec![
			(1, Outcome::Receipt { id: 0, verified: true }),
			(3, Outcome::Escrow { id: 0, value: 300, outcome: EscrowOutcome::Released }),
			(40, Outcome::Receipt { id: 1, verified: false }),
			(40, Outcome::ChallengeUpheld),
			(77, Outcome::Slashed { amount: 5 }),
			(90, Outcome::Feedback { escrow: 0, value: 300, positive: true }),
		];
		let mut state = BetaState::default();
		for (at, o) in &history {
			<Model as ScoringModel<u128, u64>>::apply(&mut state, o, *at);
		}
		for now in [90u64, 100, 500] {
			assert_eq!(
				<Model as ScoringModel<u128, u64>>::score(&state, now),
				<Model as ScoringModel<u128, u64>>::recompute(&history, now)
			);
		}
	}
}
