//! Builds the runtime's Wasm blob; with `metadata-hash` it embeds the metadata hash (for the
//! `CheckMetadataHash` extension), with `upgrade-test-wasm` it also builds the same runtime with
//! `spec_version + 1` for the runtime-upgrade test, and with `try-runtime-wasm` both blobs carry
//! the try-runtime API (the upgrade check of the tests) while the native runtime stays as it is.
#[cfg(feature = "std")]
fn main() {
	use substrate_wasm_builder::WasmBuilder;

	/// Both blobs are built with the same features so they share their compiled dependencies.
	fn with_test_features(builder: WasmBuilder) -> WasmBuilder {
		if cfg!(feature = "try-runtime-wasm") {
			builder.enable_feature("try-runtime")
		} else {
			builder
		}
	}

	let builder = with_test_features(WasmBuilder::init_with_defaults());
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("CHAOS", 12);
	builder.build();

	#[cfg(feature = "upgrade-test-wasm")]
	with_test_features(WasmBuilder::init_with_defaults())
		.enable_feature("spec-version-bump")
		.set_file_name("wasm_binary_spec_bump.rs")
		.build();
}

/// Without `std` (the Wasm build itself) there is nothing to build.
#[cfg(not(feature = "std"))]
fn main() {}
