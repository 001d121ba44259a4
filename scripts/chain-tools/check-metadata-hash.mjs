// Checks that a node's runtime verifies the CheckMetadataHash transaction extension the way
// hardware and offline signers use it (Ledger's generic app, Polkadot Vault): the signer hashes
// the chain's metadata (RFC-0078 merkleized metadata, computed here with polkadot-api's
// implementation) and signs it into the payload (mode 1); the runtime accepts the transaction only
// if the hash equals the one embedded at build time (scripts/build-release.sh, feature
// `metadata-hash`).
//
//   node check-metadata-hash.mjs [ws-url]      (default ws://127.0.0.1:9944; the chain must fund Alice)
//
// Exits 0 when a transfer signed with the right hash is included and one signed with a wrong
// hash is refused; 1 otherwise (a runtime built without the hash refuses both).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });

/** Submits `tx` signed by `pair` with `options`; resolves with 'included' or the refusal. A node
 * that finalizes at once (`--dev`) may report `Finalized` without `InBlock` first. */
function submit(tx, pair, options) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer within 120 s'), 120_000);
    const done = (answer) => {
      clearTimeout(timer);
      resolve(answer);
    };
    tx.signAndSend(pair, options, ({ status, dispatchError }) => {
      if (dispatchError) done(`dispatch error: ${dispatchError.toString()}`);
      else if (status.isInBlock || status.isFinalized) done('included');
      else if (status.isInvalid || status.isDropped || status.isUsurped) done(`dropped: ${status.type}`);
    }).catch((e) => done(`refused: ${e.message}`));
  });
}

try {
  const properties = await api.rpc.system.properties();
  const decimals = properties.tokenDecimals.unwrap()[0].toNumber();
  const tokenSymbol = properties.tokenSymbol.unwrap()[0].toString();
  // The runtime's V15 metadata, as a signer's companion app fetches it.
  const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap().toU8a(true);
  const digest = merkleizeMetadata(metadata, { decimals, tokenSymbol }).digest();
  const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
  console.log(`metadata hash (${tokenSymbol}, ${decimals} decimals): ${hex(digest)}`);

  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const transfer = () => api.tx.balances.transferKeepAlive(bob.address, 1_000_000_000_000n);

  const wrong = Uint8Array.from(digest);
  wrong[0] ^= 0xff;
  const withWrongHash = await submit(transfer(), alice, { mode: 1, metadataHash: hex(wrong) });
  console.log(`signed with a wrong hash: ${withWrongHash}`);
  const withHash = await submit(transfer(), alice, { mode: 1, metadataHash: hex(digest) });
  console.log(`signed with the metadata hash: ${withHash}`);

  const ok = withHash === 'included' && withWrongHash.startsWith('refused');
  console.log(ok ? 'CheckMetadataHash: verified' : 'CheckMetadataHash: NOT verified');
  process.exitCode = ok ? 0 : 1;
} finally {
  await api.disconnect();
}
