// Compiles the contracts in this directory with solc (npm) into artifacts/<Name>.json
// ({ abi, bytecode }). `--check` fails instead if a committed artifact differs from the source.
import fs from "node:fs";
import path from "node:path";
import solc from "solc";

const here = path.dirname(new URL(import.meta.url).pathname);
const sources = ["IAgentActions.sol", "JobBoard.sol"];
const settings = {
  optimizer: { enabled: true, runs: 200 },
  // pallet-revive executes EVM bytecode up to Cancun.
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

const input = {
  language: "Solidity",
  sources: Object.fromEntries(
    sources.map((file) => [file, { content: fs.readFileSync(path.join(here, file), "utf8") }]),
  ),
  settings,
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}

const check = process.argv.includes("--check");
let stale = 0;
fs.mkdirSync(path.join(here, "artifacts"), { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, contract] of Object.entries(contracts)) {
    const artifact = {
      contractName: name,
      sourceName: file,
      compiler: `solc ${solc.version()}`,
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
    };
    const target = path.join(here, "artifacts", `${name}.json`);
    const text = `${JSON.stringify(artifact, null, 2)}\n`;
    if (check) {
      if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) {
        console.error(`stale artifact: artifacts/${name}.json (run: npm run compile)`);
        stale += 1;
      }
    } else {
      fs.writeFileSync(target, text);
      console.log(`wrote artifacts/${name}.json`);
    }
  }
}
process.exit(stale === 0 ? 0 : 1);
