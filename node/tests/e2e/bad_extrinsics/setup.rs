//! The set-up the cases run against, in five blocks whose transactions must all succeed: funded
//! actors; agents in every state a case needs; escrows, receipts and challenges in theirs.
//! Boundaries are exact: one agent's metadata and one receipt's kind are at their bounds.

use super::{
	agency,
	calls::{acc, num, tx, unit, Tx},
	chain::Chain,
	challenge, escrow, governance,
	metadata::{Bounds, Meta},
	registry,
};
use chaoscore_harness::{
	consent::{message, Consent},
	keys::id_of,
	Result, UNIT,
};
use chaoscore_runtime::configs::agent_control::MAX_KEY_CONSENT_AGE;
use codec::Decode;
use std::collections::BTreeMap;
use subxt::{dynamic::Value, events::Events, utils::AccountId32, PolkadotConfig};
use subxt_signer::{
	sr25519::{dev, Keypair},
	DeriveJunction,
};

/// One of each agent the cases need (their keys, or their ids), in the state its name says.
pub(super) struct Agents<T> {
	/// Active, with valid metadata.
	pub(super) active: T,
	/// Jailed until far ahead.
	pub(super) jailed: T,
	/// Deregistered: unbonding.
	pub(super) unbonding: T,
	/// Deregistered, then jailed.
	pub(super) unbonding_jailed: T,
	/// Deregistered, then challenged.
	pub(super) unbonding_challenged: T,
	/// Challenged.
	pub(super) challenged: T,
	/// Registered and updated with metadata at every bound; the challenge on it was rejected.
	pub(super) max_metadata: T,
	/// The poor account's, slashed to half its bond.
	pub(super) underbonded: T,
}

impl<T> Agents<T> {
	fn map<U>(&self, f: impl Fn(&T) -> U) -> Agents<U> {
		Agents {
			active: f(&self.active),
			jailed: f(&self.jailed),
			unbonding: f(&self.unbonding),
			unbonding_jailed: f(&self.unbonding_jailed),
			unbonding_challenged: f(&self.unbonding_challenged),
			challenged: f(&self.challenged),
			max_metadata: f(&self.max_metadata),
			underbonded: f(&self.underbonded),
		}
	}
}

/// Who signs.
pub(super) struct Actors {
	/// The sudo key and, with Bob, a collator.
	pub(super) alice: Keypair,
	/// A council member (Charlie).
	pub(super) councillor: Keypair,
	/// Owns most agents; also a verifier.
	pub(super) owner: Keypair,
	/// Opens the escrows.
	pub(super) client: Keypair,
	/// The evaluator of two escrows.
	pub(super) evaluator: Keypair,
	/// Funded, party to nothing.
	pub(super) stranger: Keypair,
	/// Funded for one bond and little more.
	pub(super) poor: Keypair,
	/// Owns as many agents as an owner may.
	pub(super) crowded: Keypair,
	/// A bonded verifier.
	pub(super) verifier: Keypair,
	/// The other bonded verifier.
	pub(super) second_verifier: Keypair,
	/// Never funded: no account.
	pub(super) nobody: Keypair,
	/// An agent key no agent has.
	pub(super) fresh_key: Keypair,
	/// The agents' keys.
	pub(super) keys: Agents<Keypair>,
}

/// A key derived from Alice's (`//Alice//<name>`).
fn derive(name: &str) -> Keypair {
	dev::alice().derive([DeriveJunction::hard(name)])
}

/// An agent key.
fn agent_key(name: &str) -> Keypair {
	derive(&format!("key-{name}"))
}

impl Actors {
	fn new() -> Self {
		Self {
			alice: dev::alice(),
			councillor: dev::charlie(),
			owner: derive("owner"),
			client: derive("client"),
			evaluator: derive("evaluator"),
			stranger: derive("stranger"),
			poor: derive("poor"),
			crowded: derive("crowded"),
			verifier: derive("verifier-1"),
			second_verifier: derive("verifier-2"),
			nobody: derive("nobody"),
			fresh_key: agent_key("fresh"),
			keys: Agents {
				active: agent_key("A"),
				jailed: agent_key("J"),
				unbonding: agent_key("U"),
				unbonding_jailed: agent_key("UJ"),
				unbonding_challenged: agent_key("UC"),
				challenged: agent_key("C"),
				max_metadata: agent_key("M"),
				underbonded: agent_key("P"),
			},
		}
	}
}

/// The escrows, all opened by the client (but `poor`), each for the active agent.
pub(super) struct Escrows {
	/// Accepted by the provider, with an evaluator.
	pub(super) accepted: u64,
	/// Submitted, with an evaluator.
	pub(super) submitted: u64,
	/// Accepted, then disputed.
	pub(super) disputed: u64,
	/// Delivered, then released by the client.
	pub(super) released: u64,
	/// Never accepted; its deadline has passed.
	pub(super) late: u64,
	/// The poor account's; accepted.
	pub(super) poor: u64,
}

/// The receipts, all of the active agent (but `of_challenged`).
pub(super) struct Receipts {
	/// Pending; its kind is at the bound.
	pub(super) pending: u64,
	/// Attested once (by the first verifier).
	pub(super) attested_once: u64,
	/// Rejected by both verifiers: finalized.
	pub(super) rejected: u64,
	/// The challenged agent's.
	pub(super) of_challenged: u64,
}

/// The challenges.
pub(super) struct Challenges {
	/// Open, on the challenged agent.
	pub(super) open: u64,
	/// Rejected by Root, on the agent with metadata at every bound.
	pub(super) resolved: u64,
}

/// What the cases run against.
pub(super) struct Fixture {
	pub(super) actors: Actors,
	pub(super) agents: Agents<u64>,
	pub(super) escrows: Escrows,
	pub(super) receipts: Receipts,
	pub(super) challenges: Challenges,
	pub(super) bounds: Bounds,
	/// A block no case reaches: deadlines and jail terms that have not passed.
	pub(super) far: u64,
	/// The chain's genesis hash (key consents name it).
	pub(super) genesis: [u8; 32],
}

impl Fixture {
	/// `key`'s consent to serve `owner`'s agent `agent` (`None`: a new one).
	pub(super) fn consent(&self, owner: &Keypair, agent: Option<u64>, key: &Keypair) -> Consent {
		consent(self.genesis, owner, agent, &id_of(key), key)
	}

	/// A consent in `key`'s name to serve `owner`'s agent `agent`, signed by `signer`.
	pub(super) fn forged(
		&self,
		owner: &Keypair,
		agent: Option<u64>,
		key: &AccountId32,
		signer: &Keypair,
	) -> Consent {
		consent(self.genesis, owner, agent, key, signer)
	}
}

/// `owner`'s registration of `meta` under `key`, with the key's consent, and its signer.
fn registration<'a>(
	genesis: [u8; 32],
	meta: &Meta,
	owner: &'a Keypair,
	key: &Keypair,
) -> (Tx, &'a Keypair) {
	(meta.register(&id_of(key), &consent(genesis, owner, None, &id_of(key), key)), owner)
}

/// A consent in `key`'s name, signed by `signer`, valid from genesis for as long as allowed.
fn consent(
	genesis: [u8; 32],
	owner: &Keypair,
	agent: Option<u64>,
	key: &AccountId32,
	signer: &Keypair,
) -> Consent {
	let valid_until = MAX_KEY_CONSENT_AGE;
	let message = message(genesis, &id_of(owner), agent, key, valid_until);
	Consent::sign(signer, &message, valid_until)
}

/// Makes the set-up on `chain`.
pub(super) async fn set_up(chain: &mut Chain) -> Result<Fixture> {
	let actors = Actors::new();
	let bounds = Bounds::of(chain)?;
	fund(chain, &actors).await?;
	let max_metadata = Meta::at_bounds(&bounds);
	let genesis = chain.at.genesis_hash().ok_or("no genesis hash")?.0;
	let agents = register_agents(chain, &actors, &max_metadata, genesis).await?;
	let far = chain.next() + 1_000;
	let late_deadline = chain.next() + 2;
	let max_kind = vec![b'k'; bounds.kind_len];
	let (escrows, receipts, challenges) = open_escrows_receipts_challenges(
		chain,
		&actors,
		&agents,
		(&max_metadata, &max_kind),
		far,
		late_deadline,
	)
	.await?;
	settle(chain, &actors, &agents, &escrows, &receipts, &challenges, far).await?;
	assert!(chain.next() > late_deadline, "the late escrow's deadline has passed");
	Ok(Fixture { actors, agents, escrows, receipts, challenges, bounds, far, genesis })
}

/// `Balances::transfer_keep_alive` of `amount` to `to`.
fn transfer(to: &AccountId32, amount: u128) -> Tx {
	tx(
		"Balances",
		"transfer_keep_alive",
		vec![Value::unnamed_variant("Id", [acc(to)]), num(amount)],
	)
}

/// 1. Funds from Alice.
async fn fund(chain: &mut Chain, actors: &Actors) -> Result {
	let Actors { alice, owner, client, crowded, poor, keys, .. } = actors;
	let mut funding = vec![
		(transfer(&id_of(owner), 10_000 * UNIT), alice),
		(transfer(&id_of(client), 10_000 * UNIT), alice),
		(transfer(&id_of(crowded), 1_000 * UNIT), alice),
		(transfer(&id_of(poor), 12 * UNIT), alice),
	];
	for who in [
		&actors.evaluator,
		&actors.stranger,
		&actors.verifier,
		&actors.second_verifier,
		&keys.active,
		&keys.jailed,
		&keys.unbonding,
		&keys.unbonding_jailed,
		&keys.unbonding_challenged,
		&keys.challenged,
	] {
		funding.push((transfer(&id_of(who), 100 * UNIT), alice));
	}
	chain.batch(funding).await?;
	Ok(())
}

/// Ids, keyed by their label, of the `pallet::event` events among `events`: the id is the
/// event's first field; `label` reads the rest of its fields.
fn ids<K: Decode + Ord>(
	events: &Events<PolkadotConfig>,
	pallet: &str,
	event: &str,
) -> Result<BTreeMap<K, u64>> {
	let mut found = BTreeMap::new();
	for ev in events.iter() {
		let ev = ev?;
		if (ev.pallet_name(), ev.event_name()) == (pallet, event) {
			let (id, label) = <(u64, K)>::decode(&mut ev.field_bytes())?;
			found.insert(label, id);
		}
	}
	Ok(found)
}

/// 2. The agents (the owner's, one with metadata at every bound; the poor account's; 32 of the
/// crowded owner's) and three verifiers.
async fn register_agents(
	chain: &mut Chain,
	actors: &Actors,
	max_metadata: &Meta,
	genesis: [u8; 32],
) -> Result<Agents<u64>> {
	let Actors { owner, poor, crowded, keys, .. } = actors;
	let crowd: Vec<Keypair> = (0..32).map(|i| agent_key(&format!("crowd-{i}"))).collect();
	let valid = Meta::valid();
	let with_valid_metadata = [
		&keys.active,
		&keys.jailed,
		&keys.unbonding,
		&keys.unbonding_jailed,
		&keys.unbonding_challenged,
		&keys.challenged,
	];
	let mut registrations: Vec<(Tx, &Keypair)> = with_valid_metadata
		.into_iter()
		.map(|key| registration(genesis, &valid, owner, key))
		.collect();
	registrations.push(registration(genesis, max_metadata, owner, &keys.max_metadata));
	registrations.push(registration(genesis, &valid, poor, &keys.underbonded));
	registrations.extend(crowd.iter().map(|key| registration(genesis, &valid, crowded, key)));
	for verifier in [&actors.verifier, &actors.second_verifier, owner] {
		registrations.push((agency::verifier_call("register_verifier"), verifier));
	}
	let events = chain.batch(registrations).await?;
	// `Registered` after the id: owner, agent key.
	let registered: BTreeMap<([u8; 32], [u8; 32]), u64> =
		ids(&events, "AgentRegistry", "Registered")?;
	Ok(keys.map(|key| {
		let key = id_of(key).0;
		*registered
			.iter()
			.find(|((_, agent_key), _)| *agent_key == key)
			.map(|(_, id)| id)
			.expect("registered")
	}))
}

/// `Escrow::Opened` after the id: client, provider, amount, evaluator, deadline, job spec.
type OpenedFields = ([u8; 32], u64, u128, Option<([u8; 32], u128)>, u32, [u8; 32]);
/// `ProofOfAgency::ReceiptRecorded` after the id: agent, recorder, kind.
type RecordedFields = (u64, [u8; 32], Vec<u8>);
/// `Challenge::Opened` after the id: challenger, target kind (0: agent), target id.
type ChallengedFields = ([u8; 32], u8, u64);

/// 3. Jail, slash, deregistrations, the update to metadata at every bound (`max`: the metadata
/// and a receipt kind at their bounds), challenges, escrows (each told apart by its job spec)
/// and receipts (by their kinds).
async fn open_escrows_receipts_challenges(
	chain: &mut Chain,
	actors: &Actors,
	agents: &Agents<u64>,
	(max_metadata, max_kind): (&Meta, &[u8]),
	far: u64,
	late_deadline: u64,
) -> Result<(Escrows, Receipts, Challenges)> {
	let Actors { alice, owner, client, stranger, poor, evaluator, keys, .. } = actors;
	let half_bond = Value::unnamed_variant("FractionOfBond", [num(500_000_000u32)]);
	let evaluator = id_of(evaluator);
	let with_evaluator = Some((&evaluator, UNIT));
	let active = agents.active;
	let events = chain
		.batch(vec![
			(governance::sudo(governance::jail(agents.jailed, far)), alice),
			(governance::sudo(governance::slash(agents.underbonded, half_bond)), alice),
			(registry::agent_call("deregister", agents.unbonding), owner),
			(registry::agent_call("deregister", agents.unbonding_jailed), owner),
			(registry::agent_call("deregister", agents.unbonding_challenged), owner),
			(max_metadata.update(agents.max_metadata), owner),
			(challenge::open("Agent", agents.challenged), stranger),
			(challenge::open("Agent", agents.max_metadata), stranger),
			(escrow::open(active, 10 * UNIT, with_evaluator, far, 1), client),
			(escrow::open(active, 10 * UNIT, with_evaluator, far, 2), client),
			(escrow::open(active, 10 * UNIT, None, far, 3), client),
			(escrow::open(active, 10 * UNIT, None, far, 4), client),
			(escrow::open(active, 10 * UNIT, None, late_deadline, 6), client),
			(escrow::open(active, UNIT, None, far, 7), poor),
			(agency::record_receipt(active, max_kind), &keys.active),
			(agency::record_receipt(active, b"attested"), &keys.active),
			(agency::record_receipt(active, b"rejected"), &keys.active),
			(agency::record_receipt(agents.challenged, b"of-c"), &keys.challenged),
		])
		.await?;

	let opened: BTreeMap<OpenedFields, u64> = ids(&events, "Escrow", "Opened")?;
	let escrow_id = |spec: u8| -> u64 {
		*opened
			.iter()
			.find(|(k, _)| k.5 == [spec; 32])
			.map(|(_, id)| id)
			.expect("opened")
	};
	let escrows = Escrows {
		accepted: escrow_id(1),
		submitted: escrow_id(2),
		disputed: escrow_id(3),
		released: escrow_id(4),
		late: escrow_id(6),
		poor: escrow_id(7),
	};

	let recorded: BTreeMap<RecordedFields, u64> = ids(&events, "ProofOfAgency", "ReceiptRecorded")?;
	let receipt_id = |kind: &[u8]| -> u64 {
		*recorded.iter().find(|(k, _)| k.2 == kind).map(|(_, id)| id).expect("recorded")
	};
	let receipts = Receipts {
		pending: receipt_id(max_kind),
		attested_once: receipt_id(b"attested"),
		rejected: receipt_id(b"rejected"),
		of_challenged: receipt_id(b"of-c"),
	};

	let challenged: BTreeMap<ChallengedFields, u64> = ids(&events, "Challenge", "Opened")?;
	let challenge_id = |agent: u64| -> u64 {
		*challenged
			.iter()
			.find(|(k, _)| (k.1, k.2) == (0, agent))
			.map(|(_, id)| id)
			.expect("opened")
	};
	let challenges = Challenges {
		open: challenge_id(agents.challenged),
		resolved: challenge_id(agents.max_metadata),
	};
	Ok((escrows, receipts, challenges))
}

/// 4. More states: jailed while unbonding, challenged while unbonding; escrows submitted,
/// disputed and released (their client gets feedback rights); a receipt rejected, one attested
/// once; the challenge on the agent with metadata at every bound rejected.
async fn settle(
	chain: &mut Chain,
	actors: &Actors,
	agents: &Agents<u64>,
	escrows: &Escrows,
	receipts: &Receipts,
	challenges: &Challenges,
	far: u64,
) -> Result {
	let Actors { alice, client, stranger, keys, verifier, second_verifier, .. } = actors;
	// The provider commits first: a dispute needs an accepted escrow, and only a release of a
	// delivered one grants the client a feedback right.
	let accept = |id: u64| (escrow::escrow_call("accept", id), &keys.active);
	chain
		.batch(vec![
			accept(escrows.accepted),
			accept(escrows.disputed),
			accept(escrows.poor),
			(escrow::submit(escrows.released, escrow::hash_deliverable()), &keys.active),
		])
		.await?;
	// The receipts' committees are drawn once the (mocked, one slot a block) relay randomness is
	// past the lookahead: seven blocks after the recording, one of which is the batch above.
	let lookahead: u32 = chain.constant("ProofOfAgency", "RandomnessLookahead")?;
	for _ in 0..lookahead {
		chain.seal().await?;
	}
	chain
		.batch(vec![
			(governance::sudo(governance::jail(agents.unbonding_jailed, far)), alice),
			(governance::sudo(challenge::resolve(challenges.resolved, unit("Rejected"))), alice),
			(challenge::open("Agent", agents.unbonding_challenged), stranger),
			(escrow::submit(escrows.submitted, escrow::hash_deliverable()), &keys.active),
			(escrow::dispute(escrows.disputed), client),
			(escrow::escrow_call("release", escrows.released), client),
			(agency::attest(receipts.rejected, false), verifier),
			(agency::attest(receipts.rejected, false), second_verifier),
			(agency::attest(receipts.attested_once, true), verifier),
		])
		.await?;
	Ok(())
}
