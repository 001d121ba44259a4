// Populates a fresh ChaosCore `--dev` chain with the state a first-release chain realistically
// holds in the six ChaosCore pallets, then writes the whole state at the best block to a JSON
// file: the input of the runtime-upgrade check (a new runtime must decode and migrate it).
//
//   node state-snapshot.mjs <ws-url> <out-file>
//   e.g. node state-snapshot.mjs ws://127.0.0.1:9966 ../../node/tests/upgrade/dev-state.json
//
// The chain must be a fresh `--dev` chain: Alice is sudo; Alice, Bob, Charlie, Dave, Eve and
// Ferdie are funded. Population takes about 20 blocks, in rounds: within a round every signer
// sends at most one transaction (several calls go in a `Utility::batch`), and the round ends when
// all of them are in a block. A failed dispatch (of a transaction, a batched call or a sudo call)
// stops the tool with the call's label and the decoded error, exit code 1.
//
// Left in state: agents in every stored status (Active, Stale, Underbonded, Jailed, Unbonding; one
// more withdrawn), more agents than the liveness sweep inspects per block (the snapshot is taken
// at a block where the sweep cursor is set), escrows open, submitted and frozen by a dispute
// (others released by client and evaluator, claimed, expired, rejected, refunded by an upheld
// dispute), open challenges against an agent and an escrow (others upheld, rejected, expired),
// penalty records, pending, attested and finalized receipts, verifiers (one left), anchors,
// reputation records and histories, used and unused feedback rights.
//
// To fit in a minute, the unbonding, review and resolution periods are shortened with
// `Parameters::set_parameter` first and restored (the entries removed) before the long-lived state
// is created. `Agents::LivenessWindow` stays at LIVENESS_WINDOW blocks, so the agents the sweep
// stored as `Stale` are stale in effect too (a governance-changed parameter, as live chains have).
//
// The snapshot: `{ chain, specName, specVersion, block: { number, hash }, pairs }`, `pairs` being
// every `[key, value]` (hex) but `:code`, sorted by key, one pair per line. Printed afterwards:
// the number of keys under each ChaosCore pallet's prefix and its storage items left empty; the
// exit code is 1 if a ChaosCore pallet has no key at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, xxhashAsHex } from '@polkadot/util-crypto';

const [url, outFile] = process.argv.slice(2);
if (!url || !outFile) {
  console.error('usage: node state-snapshot.mjs <ws-url> <out-file>');
  process.exit(2);
}

/** The ChaosCore pallets, by their name in the runtime (their storage prefix). */
const CHAOSCORE_PALLETS = [
  'AgentRegistry',
  'Escrow',
  'Challenge',
  'Slashing',
  'ProofOfAgency',
  'Reputation',
];
/** 1 CHAOS (12 decimals). */
const UNIT = 1_000_000_000_000n;
/** 50% as a `Perbill`. */
const HALF = 500_000_000;
/** Liveness window left in state (blocks): agents silent for longer are `Stale`. */
const LIVENESS_WINDOW = 10;
/** Periods shortened while populating (group, name, blocks); restored to the defaults after. */
const SHORT = [
  ['Agents', 'UnbondingPeriod', 3],
  ['Settlement', 'ReviewPeriod', 3],
  ['Settlement', 'ResolutionPeriod', 6],
];
/** How long one transaction may take to reach a block. */
const INCLUSION_TIMEOUT_MS = 90_000;
/** Key of the runtime code, left out of the snapshot. */
const CODE_KEY = '0x3a636f6465';

const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519' });
const [alice, bob, charlie, dave, eve, ferdie] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve',
  'Ferdie'].map((name) => keyring.addFromUri(`//${name}`));

// -------------------------------------------------------------------------------------------------
// Transactions
// -------------------------------------------------------------------------------------------------

/** Next nonce of each signer, tracked here (a signer has at most one transaction in flight). */
const nonces = new Map();

/** `pallet.Error: docs` for a DispatchError (module errors decoded through the metadata). */
function describeError(error) {
  if (error.isModule) {
    const { section, name, docs } = api.registry.findMetaError(error.asModule);
    return `${section}.${name}${docs.length ? `: ${docs.join(' ').trim()}` : ''}`;
  }
  return error.toString();
}

/**
 * The first failure among a transaction's events, or null: the transaction failed, a batch was
 * interrupted (the call named by `labels[index]`), or a sudo call failed.
 */
function failureIn(events, labels) {
  for (const { event } of events) {
    if (api.events.system.ExtrinsicFailed.is(event)) return describeError(event.data.dispatchError);
    if (api.events.utility.BatchInterrupted.is(event)) {
      const index = event.data.index.toNumber();
      return `call #${index} (${labels[index] ?? '?'}): ${describeError(event.data.error)}`;
    }
    if (api.events.sudo.Sudid.is(event) && event.data.sudoResult.isErr) {
      return `sudo: ${describeError(event.data.sudoResult.asErr)}`;
    }
  }
  return null;
}

/**
 * Signs `tx` with `pair` and sends it; resolves with its events once it is in a block, rejects
 * naming `label` (and `labels[i]`, the i-th call of a batch) if it is refused or a dispatch fails.
 */
async function send(pair, tx, label, labels) {
  if (!nonces.has(pair.address)) {
    nonces.set(pair.address, (await api.rpc.system.accountNextIndex(pair.address)).toNumber());
  }
  const nonce = nonces.get(pair.address);
  nonces.set(pair.address, nonce + 1);
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const done = (settle, value) => {
      clearTimeout(timer);
      unsubscribe();
      settle(value);
    };
    const timer = setTimeout(
      () => done(reject, new Error(`${label}: not in a block after ${INCLUSION_TIMEOUT_MS} ms`)),
      INCLUSION_TIMEOUT_MS,
    );
    tx.signAndSend(pair, { nonce }, ({ status, events, dispatchError }) => {
      // The dev node's pool may report `Finalized` without reporting `InBlock` first.
      if (status.isInBlock || status.isFinalized) {
        const failure = dispatchError ? describeError(dispatchError) : failureIn(events, labels);
        if (failure) done(reject, new Error(`${label} failed: ${failure}`));
        else done(resolve, events);
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        done(reject, new Error(`${label}: transaction ${status.type}`));
      }
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch((e) => done(reject, new Error(`${label} refused: ${e.message}`)));
  });
}

/**
 * Runs a round: every step `{ signer, label, calls: [[label, call], ...], sudo }` is sent at once
 * by its signer: one call as it is, several as a `Utility::batch`, wrapped in `Sudo::sudo` if
 * `sudo`. Waits for all, then fails with the first failure; resolves with each step's events.
 */
async function round(name, steps) {
  const results = await Promise.allSettled(
    steps.map(({ signer, label, calls, sudo }) => {
      const labels = calls.map(([callLabel]) => callLabel);
      let tx = calls.length === 1 ? calls[0][1] : api.tx.utility.batch(calls.map(([, c]) => c));
      if (sudo) tx = api.tx.sudo.sudo(tx);
      const full = `${name} / ${label}${calls.length === 1 ? ` (${labels[0]})` : ''}`;
      return send(signer, tx, full, calls.length === 1 ? [] : labels);
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  console.log(`#${await bestNumber()} ${name}: ${steps.map((s) => s.label).join('; ')}`);
  return results.map((r) => r.value);
}

/** The data of every `pallet.name` event among `events`, in order. */
function eventsOf(events, pallet, name) {
  return events
    .filter(({ event }) => api.events[pallet][name].is(event))
    .map(({ event }) => event.data);
}

/** The best block number. */
async function bestNumber() {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Waits until the best block number is at least `n`. */
async function waitForBlock(n) {
  while ((await bestNumber()) < n) await new Promise((r) => setTimeout(r, 500));
}

// -------------------------------------------------------------------------------------------------
// Calls
// -------------------------------------------------------------------------------------------------

/** A 32-byte hash standing for off-chain content `label`. */
const h = (label) => blake2AsHex(label, 256);

/** `Parameters::set_parameter` of `group::name`; `value` null removes it (back to the default). */
function setParameter(group, name, value) {
  return api.tx.parameters.setParameter({ [group]: { [name]: [null, value] } });
}

/** `AgentMetadata` of `spec` (see AGENTS) committing to `document`; the chain sets `version`. */
function metadata(spec, document) {
  return {
    name: spec.name,
    category: spec.category,
    tags: spec.tags,
    tools: spec.tools,
    capabilities: spec.capabilities,
    endpoints: [{ kind: spec.endpoint[0], url: spec.endpoint[1] }],
    region: spec.region,
    tier: spec.tier,
    latencyMs: spec.latency,
    documentHash: blake2AsHex(document, 256),
    version: 0,
  };
}

/** `AgentRegistry::register` of agent `spec` with agent key `key` and a small JSON document. */
function register(key, spec) {
  const document = JSON.stringify({
    name: spec.name,
    description: `${spec.name}: ${spec.capabilities.join(', ')}`,
    tools: spec.tools,
  });
  return api.tx.agentRegistry.register(key.address, metadata(spec, document), document);
}

/**
 * Root of the Merkle tree of `leaves` as the proof-of-agency pallet builds it: leaf node
 * `blake2(leaf)`, inner node `blake2(left ++ right)`, the last node of an odd row promoted.
 */
function merkleRoot(leaves) {
  let row = leaves.map((leaf) => blake2AsU8a(leaf, 256));
  while (row.length > 1) {
    const next = [];
    for (let i = 0; i < row.length; i += 2) {
      next.push(i + 1 < row.length ? blake2AsU8a(u8aConcat(row[i], row[i + 1]), 256) : row[i]);
    }
    row = next;
  }
  return u8aToHex(row[0]);
}

/** `Escrow::open` for `provider` of `amount`, due `blocks` after `now`, optional evaluator. */
function openEscrow(provider, amount, now, blocks, job, evaluator = null) {
  return api.tx.escrow.open(provider, amount, evaluator, now + blocks, h(`job:${job}`));
}

/** `ProofOfAgency::record_receipt` of an action `kind` of `agent`. */
function receipt(agent, kind, context = null, tee = null) {
  const [input, output] = [h(`in:${kind}`), h(`out:${kind}`)];
  return api.tx.proofOfAgency.recordReceipt(agent, kind, input, output, context, tee);
}

// -------------------------------------------------------------------------------------------------
// Agents
// -------------------------------------------------------------------------------------------------

/** An agent spec: owner, then the metadata. */
const agent = (owner, category, tags, tools, capabilities, endpoint, region, tier, latency) => ({
  owner, category, tags, tools, capabilities, endpoint, region, tier, latency,
});

/** The named agents (each gets a funded agent key); what happens to each is in its comment. */
const AGENTS = {
  // Active provider; receipts, an anchor, metadata updated to version 2.
  atlas: agent('Bob', 'coding', ['rust', 'review'], ['git.diff', 'cargo.check'],
    ['code-review', 'refactor'], ['Mcp', 'https://atlas.example/mcp'], 'eu-west', 2, 120),
  // Provider of an upheld dispute: slashed and Jailed.
  lumen: agent('Charlie', 'translation', ['i18n'], ['deepl'], ['translate'],
    ['A2a', 'https://lumen.example/a2a'], 'us-east', 1, 300),
  // Slashed by governance: Underbonded.
  sable: agent('Dave', 'analytics', ['sql', 'finance'], ['duckdb'], ['report'],
    ['Http', 'https://sable.example/api'], 'ap-south', 1, 900),
  // Deregistered: Unbonding.
  quill: agent('Bob', 'writing', ['summaries'], ['pdf.read'], ['summarize'],
    ['Http', 'https://quill.example'], 'eu-west', 0, 450),
  // Deregistered and bond withdrawn: removed.
  ferry: agent('Eve', 'scraping', ['web'], ['http.get'], ['crawl'], ['Other', 'ipfs://ferry'],
    'us-west', 0, 1500),
  // Key rotated, owner rotated to Ferdie; provider of the escrow frozen by an open dispute.
  orbit: agent('Charlie', 'planning', ['ops', 'calendar'], ['ics'], ['schedule', 'plan'],
    ['Mcp', 'https://orbit.example/mcp'], 'eu-central', 3, 80),
  // Jailed by governance, unjailed by its owner after the term.
  vigil: agent('Dave', 'security', ['audit'], ['slither', 'semgrep'], ['audit'],
    ['A2a', 'https://vigil.example/a2a'], 'eu-north', 2, 2000),
  // Jailed and unjailed by governance; target of an open challenge.
  mosaic: agent('Eve', 'design', ['ui'], ['figma'], ['mockup'], ['Http', 'https://mosaic.example'],
    'sa-east', 1, 600),
  // No heartbeat: Stale.
  drift: agent('Ferdie', 'research', ['papers'], ['arxiv'], ['literature-review'],
    ['Mcp', 'https://drift.example/mcp'], 'af-south', 0, 700),
  // Slashed by governance and topped up; a challenge against it rejected.
  ember: agent('Bob', 'research', ['chemistry'], ['rdkit'], ['simulate'],
    ['A2a', 'https://ember.example/a2a'], 'us-east', 2, 250),
};
/** Agents Dave registers besides his named ones (never heartbeating: Stale), so that there are
 * more agents than the liveness sweep inspects per block (32). */
const FLEET_SIZE = 24;

/** Agent key of agent `name` of `owner` (derived: every run uses the same keys). */
const agentKey = (owner, name) => keyring.addFromUri(`//${owner}//agent//${name}`);

// -------------------------------------------------------------------------------------------------
// Population
// -------------------------------------------------------------------------------------------------

/** Populates the chain (see the header). */
async function populate() {
  const { agentRegistry: registry, escrow, challenge, slashing, proofOfAgency: agency } = api.tx;
  const key = Object.fromEntries(
    Object.entries(AGENTS).map(([name, a]) => [name, agentKey(a.owner, name)]),
  );
  const orbitKey2 = keyring.addFromUri('//Ferdie//agent//orbit-2');
  const reg = (name) => [`register ${name}`, register(key[name], { name, ...AGENTS[name] })];
  const fleet = Array.from({ length: FLEET_SIZE }, (_, i) => {
    const name = `fleet-${String(i + 1).padStart(2, '0')}`;
    const spec = agent('Dave', 'batch', ['fleet'], ['queue.pop'], ['batch-inference'],
      ['Http', `https://fleet.example/${name}`], ['eu-west', 'us-east', 'ap-south'][i % 3], i % 4,
      100 + 25 * i);
    return [`register ${name}`, register(agentKey('Dave', name), { name, ...spec })];
  });
  const fund = (k) => [`fund ${k.address}`,
    api.tx.balances.forceTransfer(alice.address, k.address, 1_000n * UNIT)];

  // 1. Short periods, funded agent keys, registrations.
  const registered = await round('register', [
    {
      signer: alice,
      label: 'sudo: short periods, fund agent keys',
      sudo: true,
      calls: [
        ...SHORT.map(([group, name, blocks]) => [`set ${name}`, setParameter(group, name, blocks)]),
        ...[...Object.values(key), orbitKey2].map(fund),
      ],
    },
    { signer: bob, label: 'Bob registers', calls: [reg('atlas'), reg('quill'), reg('ember')] },
    { signer: charlie, label: 'Charlie registers', calls: [reg('lumen'), reg('orbit')] },
    { signer: dave, label: 'Dave registers', calls: [reg('sable'), reg('vigil'), ...fleet] },
    { signer: eve, label: 'Eve registers', calls: [reg('ferry'), reg('mosaic')] },
    { signer: ferdie, label: 'Ferdie registers', calls: [reg('drift')] },
  ]);
  const registeredAt = await bestNumber();
  const byKey = new Map(
    registered
      .flatMap((events) => eventsOf(events, 'agentRegistry', 'Registered'))
      .map((e) => [e.agentKey.toString(), e.id.toNumber()]),
  );
  const id = Object.fromEntries(Object.keys(AGENTS).map((n) => [n, byKey.get(key[n].address)]));

  // 2. Verifiers, receipts, anchors, escrows, an update; ferry deregisters (short unbonding).
  let now = await bestNumber();
  const atlasV2 = metadata({ name: 'atlas', ...AGENTS.atlas, tags: ['rust'], tier: 3 }, 'v2');
  const atlasRoot = merkleRoot(['l1', 'l2', 'l3', 'l4', 'l5'].map(h));
  const opened = await round('open', [
    {
      signer: charlie,
      label: 'Charlie: verifier, anchor of orbit',
      calls: [
        ['register verifier', agency.registerVerifier()],
        ['anchor orbit', agency.anchor(id.orbit, merkleRoot([h('o1'), h('o2')]), 2)],
      ],
    },
    {
      signer: dave,
      label: 'Dave: verifier',
      calls: [['register verifier', agency.registerVerifier()]],
    },
    {
      signer: ferdie,
      label: 'Ferdie: verifier, escrows',
      calls: [
        ['register verifier', agency.registerVerifier()],
        ['open "submitted"', openEscrow(id.atlas, 15n * UNIT, now, 1_000, 'submitted')],
        ['open "claim"', openEscrow(id.atlas, 5n * UNIT, now, 1_000, 'claim')],
        ['open "expire"', openEscrow(id.ember, UNIT, now, 6, 'expire')],
        ['open "reject"',
          openEscrow(id.orbit, 3n * UNIT, now, 1_000, 'reject', [alice.address, UNIT])],
      ],
    },
    {
      signer: eve,
      label: 'Eve: escrows, deregisters ferry',
      calls: [
        ['open "release"', openEscrow(id.atlas, 20n * UNIT, now, 1_000, 'release')],
        ['open "upheld"', openEscrow(id.lumen, 10n * UNIT, now, 1_000, 'upheld')],
        ['open "frozen"', openEscrow(id.orbit, 12n * UNIT, now, 5_000, 'frozen')],
        ['deregister ferry', registry.deregister(id.ferry)],
      ],
    },
    {
      signer: alice,
      label: 'Alice: escrows',
      calls: [
        ['open "open"',
          openEscrow(id.atlas, 25n * UNIT, now, 2_000, 'open', [charlie.address, UNIT])],
        ['open "evaluator"',
          openEscrow(id.orbit, 8n * UNIT, now, 1_000, 'evaluator', [dave.address, UNIT])],
      ],
    },
    {
      signer: key.atlas,
      label: 'atlas: receipts, anchor',
      calls: [
        ['receipt "verified"', receipt(id.atlas, 'llm.completion')],
        ['receipt "rejected"', receipt(id.atlas, 'web.fetch', { Studio: 7 })],
        ['anchor atlas', agency.anchor(id.atlas, atlasRoot, 5)],
      ],
    },
    {
      signer: key.orbit,
      label: 'orbit: receipt',
      calls: [['receipt "pending"', receipt(id.orbit, 'tool.call', { Studio: 3 })]],
    },
    {
      signer: bob,
      label: 'Bob updates atlas',
      calls: [['update atlas', registry.update(id.atlas, atlasV2, 'v2')]],
    },
  ]);
  const escrows = (events) => eventsOf(events, 'escrow', 'Opened').map((e) => e.id.toNumber());
  const [eSubmitted, eClaim, eExpire, eReject] = escrows(opened[2]);
  const [eRelease, eUpheld, eFrozen] = escrows(opened[3]);
  const [, eEvaluator] = escrows(opened[4]);
  const [rVerified, rRejected] = eventsOf(opened[5], 'proofOfAgency', 'ReceiptRecorded')
    .map((e) => e.id.toNumber());
  const expireDeadline = now + 6;

  // 3. Attestations, deliveries, governance penalties; Ferdie leaves as a verifier.
  now = await bestNumber();
  const vigilJailedUntil = now + 4;
  const attest = (receiptId, valid = true) => [`attest ${receiptId} ${valid ? 'valid' : 'invalid'}`,
    agency.attest(receiptId, valid)];
  const submit = (e, what) => [`submit "${what}"`, escrow.submit(e, { Hash: h(`done:${what}`) })];
  const delivered = await round('deliver', [
    {
      signer: charlie,
      label: 'Charlie attests',
      calls: [attest(rVerified), attest(rRejected, false)],
    },
    { signer: dave, label: 'Dave attests', calls: [attest(rVerified), attest(rRejected, false)] },
    {
      signer: key.atlas,
      label: 'atlas delivers',
      calls: [
        submit(eSubmitted, 'submitted'),
        submit(eClaim, 'claim'),
        ['submit "release" (receipt)', escrow.submit(eRelease, { Receipt: rVerified })],
        ['receipt "attested"',
          receipt(id.atlas, 'code.exec', { Escrow: eSubmitted }, h('tee-quote'))],
      ],
    },
    {
      signer: key.orbit,
      label: 'orbit delivers',
      calls: [submit(eEvaluator, 'evaluator'), submit(eReject, 'reject')],
    },
    { signer: key.lumen, label: 'lumen delivers', calls: [submit(eUpheld, 'upheld')] },
    {
      signer: alice,
      label: 'sudo: slash sable and ember, jail vigil and mosaic',
      sudo: true,
      calls: [
        ['slash sable', slashing.slash(id.sable, { FractionOfBond: HALF }, 'Governance', h('s'))],
        ['slash ember', slashing.slash(id.ember, { Absolute: 2n * UNIT }, 'Misconduct', null)],
        ['jail vigil', slashing.jail(id.vigil, vigilJailedUntil)],
        ['jail mosaic', slashing.jail(id.mosaic, now + 1_000)],
      ],
    },
    {
      signer: ferdie,
      label: 'Ferdie leaves as verifier',
      calls: [['deregister verifier', agency.deregisterVerifier()]],
    },
  ]);
  const [rAttested] = eventsOf(delivered[2], 'proofOfAgency', 'ReceiptRecorded')
    .map((e) => e.id.toNumber());

  // 4. Settlements, a dispute, an agent challenge, a top-up; orbit changes hands.
  const settled = await round('settle', [
    {
      signer: eve,
      label: 'Eve releases "release", disputes "upheld"',
      calls: [
        ['release "release"', escrow.release(eRelease)],
        ['dispute "upheld"', escrow.dispute(eUpheld, h('evidence:upheld'), 'BadDeliverable')],
      ],
    },
    {
      signer: dave,
      label: 'evaluator Dave releases "evaluator"',
      calls: [['release "evaluator"', escrow.release(eEvaluator)]],
    },
    {
      signer: alice,
      label: 'evaluator Alice rejects "reject"',
      calls: [['refund "reject"', escrow.refund(eReject)]],
    },
    { signer: bob, label: 'Bob tops up ember', calls: [['top up', registry.topUpBond(id.ember)]] },
    {
      signer: charlie,
      label: 'Charlie: attestation, challenge of ember, orbit to Ferdie',
      calls: [
        attest(rAttested, true),
        ['challenge ember', challenge.open({ Agent: id.ember }, h('evidence:ember'), 'Misconduct')],
        ['rotate orbit key', registry.rotateAgentKey(id.orbit, orbitKey2.address)],
        ['rotate orbit owner', registry.rotateOwner(id.orbit, ferdie.address)],
      ],
    },
  ]);
  const challenges = (events) => eventsOf(events, 'challenge', 'Opened')
    .map((e) => e.id.toNumber());
  const [cUpheld] = challenges(settled[0]);
  const [cRejected] = challenges(settled[4]);

  // 5. Rulings, a governance unjail; Ferdie disputes "submitted" (left to expire).
  now = await bestNumber();
  const upheld = { Upheld: { slash: { FractionOfBond: HALF }, jailUntil: now + 1_000 } };
  const ruled = await round('rule', [
    {
      signer: alice,
      label: 'sudo: rulings, unjail mosaic',
      sudo: true,
      calls: [
        ['uphold dispute of "upheld"', challenge.resolve(cUpheld, upheld)],
        ['reject challenge of ember', challenge.resolve(cRejected, 'Rejected')],
        ['unjail mosaic', slashing.unjail(id.mosaic)],
      ],
    },
    {
      signer: ferdie,
      label: 'Ferdie disputes "submitted"',
      calls: [['dispute "submitted"',
        escrow.dispute(eSubmitted, h('evidence:submitted'), 'FailedDelivery')]],
    },
  ]);
  const expiry = eventsOf(ruled[1], 'challenge', 'Opened')[0].deadline.toNumber();

  // 6. After the short periods: claim, expiry refund, withdrawal, owner's unjail, feedback.
  await waitForBlock(Math.max(expireDeadline, vigilJailedUntil, (await bestNumber()) + 3));
  await round('after short periods', [
    {
      signer: alice,
      label: 'Alice claims "claim", refunds "expire"',
      calls: [
        ['claim "claim"', escrow.claim(eClaim)],
        ['refund "expire"', escrow.refund(eExpire)],
      ],
    },
    {
      signer: eve,
      label: 'Eve: feedback, withdraws ferry',
      calls: [
        ['feedback on "release"', api.tx.reputation.giveFeedback(eRelease, true)],
        ['feedback on "upheld"', api.tx.reputation.giveFeedback(eUpheld, false)],
        ['withdraw ferry', registry.withdrawBond(id.ferry)],
      ],
    },
    { signer: dave, label: 'Dave unjails vigil', calls: [['unjail', slashing.unjail(id.vigil)]] },
  ]);

  // 7. Once the dispute of "submitted" expired and agents without heartbeats are past the
  // liveness window: default periods back, the window shortened.
  await waitForBlock(Math.max(expiry, registeredAt + LIVENESS_WINDOW + 1));
  await round('restore periods', [
    {
      signer: alice,
      label: 'sudo: default periods, liveness window',
      sudo: true,
      calls: [
        ...SHORT.map(([group, name]) => [`restore ${name}`, setParameter(group, name, null)]),
        ['set LivenessWindow', setParameter('Agents', 'LivenessWindow', LIVENESS_WINDOW)],
      ],
    },
  ]);

  // 8. Long-lived state: an unbonding agent, open challenges, heartbeats of the live agents.
  const live = [['atlas', key.atlas], ['orbit', orbitKey2], ['vigil', key.vigil],
    ['mosaic', key.mosaic], ['ember', key.ember]];
  await round('long-lived', [
    {
      signer: bob,
      label: 'Bob deregisters quill',
      calls: [['deregister quill', registry.deregister(id.quill)]],
    },
    {
      signer: alice,
      label: 'Alice challenges mosaic',
      calls: [['challenge mosaic',
        challenge.open({ Agent: id.mosaic }, h('evidence:mosaic'), 'Misconduct')]],
    },
    {
      signer: eve,
      label: 'Eve disputes "frozen"',
      calls: [['dispute "frozen"', escrow.dispute(eFrozen, h('evidence'), 'FailedDelivery')]],
    },
    ...live.map(([name, signer]) => ({
      signer,
      label: `${name} heartbeat`,
      calls: [[`heartbeat ${name}`, registry.heartbeat(id[name])]],
    })),
  ]);
}

// -------------------------------------------------------------------------------------------------
// Snapshot
// -------------------------------------------------------------------------------------------------

/**
 * The header of a block, at least two after the current one (the liveness sweep has then stored
 * every `Stale` agent), at which the sweep cursor is set (with more agents than the sweep inspects
 * per block, it is set every other block).
 */
async function snapshotBlock() {
  await waitForBlock((await bestNumber()) + 2);
  for (let tries = 0; tries < 8; tries += 1) {
    const header = await api.rpc.chain.getHeader();
    const at = await api.at(header.hash);
    if ((await at.query.agentRegistry.sweepCursor()).isSome) return header;
    await waitForBlock(header.number.toNumber() + 1);
  }
  throw new Error('the sweep cursor is never set (fewer agents than MaxStaleChecksPerBlock?)');
}

/** Every `[key, value]` at block `hash` but `:code`, sorted by key. */
async function dumpState(hash) {
  const keys = [];
  for (let start = null; ;) {
    const page = await provider.send('state_getKeysPaged', ['0x', 1000, start, hash]);
    keys.push(...page);
    if (page.length < 1000) break;
    start = page[page.length - 1];
  }
  const wanted = keys.filter((k) => k !== CODE_KEY);
  const pairs = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const [set] = await provider.send('state_queryStorageAt', [wanted.slice(i, i + 500), hash]);
    for (const [key, value] of set.changes) if (value !== null) pairs.push([key, value]);
  }
  if (pairs.length !== wanted.length) {
    throw new Error(`${wanted.length} keys, ${pairs.length} values`);
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The snapshot as JSON text: `meta`'s fields, then `pairs`, one pair per line. */
function toJson(meta, pairs) {
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const body = pairs.map((pair) => `    ${JSON.stringify(pair)}`).join(',\n');
  return `${head},\n  "pairs": [\n${body}\n  ]\n}\n`;
}

/** Per ChaosCore pallet: the number of keys under its prefix, its items and the empty ones. */
function palletCounts(pairs) {
  return CHAOSCORE_PALLETS.map((name) => {
    const pallet = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === name);
    const storage = pallet.storage.unwrap();
    const prefix = xxhashAsHex(storage.prefix.toString(), 128);
    const keys = pairs.map(([k]) => k).filter((k) => k.startsWith(prefix));
    const items = storage.items.map((item) => item.name.toString());
    const empty = items.filter((item) => {
      const itemPrefix = prefix + xxhashAsHex(item, 128).slice(2);
      return !keys.some((k) => k.startsWith(itemPrefix));
    });
    return { name, keys: keys.length, items: items.length, empty };
  });
}

/** The agents at block `hash` counted by stored status, e.g. `Active 5, Stale 25`. */
async function statusTally(hash) {
  const tally = {};
  for (const [, record] of await (await api.at(hash)).query.agentRegistry.agents.entries()) {
    const status = record.unwrap().status.type;
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return Object.entries(tally).map(([status, n]) => `${status} ${n}`).join(', ');
}

try {
  const started = Date.now();
  const first = await bestNumber();
  await populate();
  const header = await snapshotBlock();
  const [hash, number] = [header.hash.toHex(), header.number.toNumber()];
  const seconds = Math.round((Date.now() - started) / 1000);
  const tally = await statusTally(hash);
  console.log(`populated in ${number - first} blocks (${seconds} s); agents: ${tally}`);

  const version = await api.rpc.state.getRuntimeVersion(hash);
  const meta = {
    chain: (await api.rpc.system.chain()).toString(),
    specName: version.specName.toString(),
    specVersion: version.specVersion.toNumber(),
    block: { number, hash },
  };
  const pairs = await dumpState(hash);
  const text = toJson(meta, pairs);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(`${outFile}: ${pairs.length} pairs, ${Buffer.byteLength(text)} bytes `
    + `(${meta.specName} spec ${meta.specVersion}, block #${number} ${hash})`);

  const counts = palletCounts(pairs);
  for (const { name, keys, items, empty } of counts) {
    const note = empty.length ? `; empty: ${empty.join(', ')}` : '';
    const filled = `${items - empty.length}/${items} items non-empty`;
    console.log(`  ${name.padEnd(14)} ${String(keys).padStart(5)} keys, ${filled}${note}`);
  }
  const bare = counts.filter((c) => c.keys === 0).map((c) => c.name);
  if (bare.length) console.error(`no keys under ${bare.join(', ')}`);
  process.exitCode = bare.length ? 1 : 0;
} catch (e) {
  console.error(`state-snapshot: ${e.message}`);
  process.exitCode = 1;
} finally {
  await api.disconnect();
}
