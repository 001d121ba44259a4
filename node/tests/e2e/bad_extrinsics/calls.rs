//! Transactions as the cases build them: arguments encoded by subxt against the metadata, or
//! raw bytes for malformed calls subxt would refuse to encode; and the small values they take.

use chaoscore_harness::calls::split_call;
use subxt::{
	dynamic::{self, Value},
	ext::scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
	tx::DynamicPayload,
	utils::AccountId32,
};

/// Call arguments: dynamic values encoded by subxt against the metadata, or raw bytes written
/// verbatim (malformed calls subxt would refuse to encode).
#[derive(Clone)]
pub(super) enum Args {
	Values(Vec<Value>),
	Raw(Vec<u8>),
}

impl EncodeAsFields for Args {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		fields: &mut dyn FieldIter<'_, R::TypeId>,
		types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		match self {
			Args::Values(values) => values.encode_as_fields_to(fields, types, out),
			Args::Raw(bytes) => {
				out.extend_from_slice(bytes);
				Ok(())
			},
		}
	}
}

/// A transaction's call.
pub(super) type Tx = DynamicPayload<Args>;

/// `pallet::name(args)`.
pub(super) fn tx(pallet: &str, name: &str, args: Vec<Value>) -> Tx {
	dynamic::tx(pallet, name, Args::Values(args))
}

/// `pallet::name` with `bytes` as its encoded arguments, whatever they are.
pub(super) fn raw_tx(pallet: &str, name: &str, bytes: Vec<u8>) -> Tx {
	dynamic::tx(pallet, name, Args::Raw(bytes))
}

/// A runtime call (`Pallet::call { args }`, as governance would dispatch it) as a transaction
/// of its own.
pub(super) fn signed(runtime_call: Value) -> Tx {
	let (pallet, name, args) = split_call(runtime_call).expect("a runtime call");
	tx(&pallet, &name, args)
}

/// A number.
pub(super) fn num(n: impl Into<u128>) -> Value {
	Value::u128(n.into())
}

/// An account id.
pub(super) fn acc(who: &AccountId32) -> Value {
	Value::from_bytes(who.0)
}

/// `Some(v)`.
pub(super) fn some(v: Value) -> Value {
	Value::unnamed_variant("Some", [v])
}

/// `None`.
pub(super) fn none() -> Value {
	Value::unnamed_variant("None", [])
}

/// A variant without fields, e.g. `Rejected`.
pub(super) fn unit(name: &str) -> Value {
	Value::unnamed_variant(name, [])
}
