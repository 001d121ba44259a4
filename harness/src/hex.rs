//! Hex as JSON-RPC carries bytes: `0x`-prefixed, lower case.

use crate::Result;
use std::fmt::Write;

/// `0x`-prefixed lower-case hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for b in bytes {
		let _ = write!(out, "{b:02x}");
	}
	out
}

/// The bytes of a hex string, with or without `0x`.
pub fn decode(text: &str) -> Result<Vec<u8>> {
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| Ok(u8::from_str_radix(text.get(i..i + 2).ok_or("odd hex")?, 16)?))
		.collect()
}
