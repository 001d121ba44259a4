//! Types of the slashing pallet.

use super::*;

/// What this pallet remembers about the penalties of one agent (kept after the agent leaves, for
/// reputation and audits).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct PenaltyRecord<Balance, BlockNumber> {
	/// Number of slashes that took funds.
	pub slashes: u32,
	/// Number of jails.
	pub jails: u32,
	/// Sum of all amounts slashed.
	pub total_slashed: Balance,
	/// Block of the latest penalty.
	pub last_penalty: BlockNumber,
}
