//! The Polkadot relay-chain node, as `polkadot-cli` builds it (with the `rococo-local` runtime).

fn main() {
	if let Err(error) = polkadot_cli::run() {
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
