//! Builds the runtime's Wasm blob (and, with `metadata-hash`, embeds the metadata hash).
#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(chaoscore_primitives_token_symbol(), 12)
		.build();
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn chaoscore_primitives_token_symbol() -> &'static str {
	"CHAOS"
}

/// Without `std` (the Wasm build itself) there is nothing to build.
#[cfg(not(feature = "std"))]
fn main() {}
