//! The table of cases, and running one: its transaction in a block of its own, its outcome
//! against the expected one, and the state after the block against the state before it.

use super::{
	calls::Tx,
	chain::{Chain, Refusal},
	governance::sudo,
};
use chaoscore_harness::{keys::id_of, Result};
use codec::Decode;
use std::collections::BTreeMap;
use subxt::{dynamic::Value, events::Phase, utils::AccountId32};
use subxt_signer::sr25519::{dev, Keypair};

/// What the runtime logs when `validate_transaction` cannot decode a transaction (the JSON-RPC
/// error only says the runtime trapped).
const CODEC_PANIC: &str = "Bad input data provided to validate_transaction: Codec error";
/// The outcome of an undecodable transaction.
const UNDECODABLE: &str = "runtime trap: Bad input data provided to validate_transaction";

/// What kind of mistake a case makes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Category {
	Oversized,
	Malformed,
	InvalidMetadata,
	WrongOrigin,
	WrongState,
}

/// What must become of a case's transaction.
#[derive(Clone, Debug)]
enum Expect {
	/// Refused by the node: it cannot decode the transaction.
	Undecodable,
	/// Included; fails with this error.
	Fails(String),
	/// Included (`Sudo::sudo` by the sudo key); the Root call fails with this error.
	RootFails(String),
}

/// One bad transaction and what must become of it.
struct Case {
	category: Category,
	what: String,
	call: Tx,
	signer: Keypair,
	expect: Expect,
}

/// The cases, run in order, one block each.
pub(super) struct Table {
	cases: Vec<Case>,
	/// The block the first case runs in.
	first_block: u64,
}

impl Table {
	/// An empty table whose first case will run in block `first_block`.
	pub(super) fn new(first_block: u64) -> Self {
		Self { cases: Vec::new(), first_block }
	}

	/// The block the next case added will run in (`now` for its call).
	pub(super) fn now(&self) -> u64 {
		self.first_block + self.cases.len() as u64
	}

	fn add(
		&mut self,
		category: Category,
		what: impl Into<String>,
		call: Tx,
		signer: &Keypair,
		expect: Expect,
	) {
		self.cases
			.push(Case { category, what: what.into(), call, signer: signer.clone(), expect });
	}

	/// The node must refuse the transaction: it cannot decode it.
	pub(super) fn refused(
		&mut self,
		category: Category,
		what: impl Into<String>,
		call: Tx,
		signer: &Keypair,
	) {
		self.add(category, what, call, signer, Expect::Undecodable);
	}

	/// The transaction must fail with `error`.
	pub(super) fn fails(
		&mut self,
		category: Category,
		what: impl Into<String>,
		call: Tx,
		signer: &Keypair,
		error: &str,
	) {
		self.add(category, what, call, signer, Expect::Fails(error.into()));
	}

	/// Rows `(error, what, call, signer)` that must fail with `pallet::error` (`error` alone if
	/// `pallet` is empty).
	pub(super) fn group<const N: usize>(
		&mut self,
		category: Category,
		pallet: &str,
		rows: [(&str, &str, Tx, &Keypair); N],
	) {
		for (error, what, call, signer) in rows {
			let error =
				if pallet.is_empty() { error.to_string() } else { format!("{pallet}::{error}") };
			self.fails(category, what, call, signer, &error);
		}
	}

	/// Root (Alice's `Sudo::sudo`) dispatching `call` must fail with `error`.
	pub(super) fn root_fails(&mut self, what: &str, call: Value, error: &str) {
		let what = format!("Root: {what}");
		self.add(
			Category::WrongState,
			what,
			sudo(call),
			&dev::alice(),
			Expect::RootFails(error.into()),
		);
	}

	/// Runs every case, one block each, printing what became of it; returns the failed cases.
	pub(super) async fn run(&self, chain: &mut Chain) -> Result<Vec<String>> {
		let mut failures = Vec::new();
		for (i, case) in self.cases.iter().enumerate() {
			let mut result = run_case(chain, case).await?;
			let block = self.first_block + i as u64;
			if result.is_ok() && chain.height != block {
				result = Err(format!("ran in block {}, not {block}", chain.height));
			}
			let line = format!("{:?} {}: ", case.category, case.what);
			match result {
				Ok(observed) => println!("ok   {line}{observed}"),
				Err(problem) => {
					println!("FAIL {line}{problem}");
					failures.push(format!("{line}{problem}"));
				},
			}
		}
		Ok(failures)
	}

	/// The number of cases.
	pub(super) fn len(&self) -> usize {
		self.cases.len()
	}

	/// The number of cases of each category.
	pub(super) fn counts(&self) -> BTreeMap<Category, usize> {
		let mut counts = BTreeMap::new();
		for case in &self.cases {
			*counts.entry(case.category).or_default() += 1;
		}
		counts
	}
}

/// What became of a case's transaction.
#[derive(Debug, PartialEq)]
enum Outcome {
	Refused(i32, String),
	Failed(String),
	RootFailed(String),
	Succeeded,
}

impl Expect {
	/// The outcome this expectation is met by.
	fn outcome(&self) -> Outcome {
		match self {
			Expect::Undecodable => Outcome::Refused(1002, UNDECODABLE.into()),
			Expect::Fails(e) => Outcome::Failed(e.clone()),
			Expect::RootFails(e) => Outcome::RootFailed(e.clone()),
		}
	}
}

/// Runs `case` in a block of its own; returns what happened, or why the case failed.
async fn run_case(chain: &mut Chain, case: &Case) -> Result<Result<String, String>> {
	let payer = id_of(&case.signer);
	let submitted = chain.submit(&case.call, &case.signer).await?;
	let before = chain.seal().await?;
	let (outcome, fee) = match submitted {
		Err(refusal) => (refused(chain, refusal).await, None),
		Ok(()) => match included(chain, &payer)? {
			Ok((outcome, fee)) => (outcome, Some(fee)),
			Err(problem) => return Ok(Err(problem)),
		},
	};
	let expected = case.expect.outcome();
	let mut problems = Vec::new();
	if outcome != expected {
		problems.push(format!("expected {expected:?}, got {outcome:?}"));
	}
	problems.extend(chain.unexplained(&before, fee.map(|fee| (&payer, fee))));
	Ok(if problems.is_empty() {
		Ok(format!("{outcome:?}{}", fee.map_or(String::new(), |f| format!(", fee {f}"))))
	} else {
		Err(problems.join("\n    "))
	})
}

/// The outcome of a transaction the pool refused: undecodable if the runtime trapped in
/// `validate_transaction` and the node logged that it could not decode it.
async fn refused(chain: &mut Chain, refusal: Refusal) -> Outcome {
	let undecodable = refusal.code == 1002
		&& refusal.message.starts_with("Verification Error: Runtime error")
		&& refusal.data.contains("TaggedTransactionQueue_validate_transaction")
		&& chain.logged_since(CODEC_PANIC).await;
	let reason = if undecodable { UNDECODABLE.to_string() } else { refusal.to_string() };
	Outcome::Refused(refusal.code, reason)
}

/// The outcome and fee of the transaction `payer` signed in the best block, from the block's
/// events; or why they cannot be told.
fn included(chain: &Chain, payer: &AccountId32) -> Result<Result<(Outcome, u128), String>> {
	let events = chain.events()?;
	let mut index = None;
	let mut fee = 0;
	for ev in events.iter() {
		let ev = ev?;
		if (ev.pallet_name(), ev.event_name()) == ("TransactionPayment", "TransactionFeePaid") {
			let (who, actual, tip) = <([u8; 32], u128, u128)>::decode(&mut ev.field_bytes())?;
			if who != payer.0 {
				return Ok(Err(format!("fee paid by {}", AccountId32(who))));
			}
			index = Some(ev.phase());
			fee = actual + tip;
		}
	}
	let Some(Phase::ApplyExtrinsic(i)) = index else {
		return Ok(Err("no TransactionFeePaid event".into()));
	};
	let mut outcome = None;
	let mut sudid = None;
	for ev in events.iter() {
		let ev = ev?;
		if ev.phase() != Phase::ApplyExtrinsic(i) {
			continue;
		}
		match (ev.pallet_name(), ev.event_name()) {
			("System", "ExtrinsicFailed") => {
				outcome = Some(Outcome::Failed(chain.error_name(ev.field_bytes())))
			},
			("System", "ExtrinsicSuccess") => outcome = Some(Outcome::Succeeded),
			("Sudo", "Sudid") => {
				sudid = (ev.field_bytes()[0] != 0).then(|| chain.error_name(&ev.field_bytes()[1..]))
			},
			_ => {},
		}
	}
	Ok(match (outcome, sudid) {
		(Some(Outcome::Succeeded), Some(error)) => Ok((Outcome::RootFailed(error), fee)),
		(Some(outcome), _) => Ok((outcome, fee)),
		(None, _) => Err("no ExtrinsicSuccess/Failed event".into()),
	})
}
