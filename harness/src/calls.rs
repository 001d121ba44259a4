//! Runtime calls as dynamic values: what `Utility::batch_all`, sudo, council motions and the
//! whitelist take, and what a transaction is built from.

use crate::Result;
use subxt::{
	dynamic::Value,
	ext::scale_value::{Composite, ValueDef},
};

/// A runtime call as a `Value`: `Pallet::call { args }` with named arguments.
pub fn call(pallet: &str, name: &str, args: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, args)])
}

/// The pallet name, call name and (positional) arguments of a runtime call built by [`call`],
/// e.g. to sign it as a transaction of its own.
pub fn split_call(call: Value) -> Result<(String, String, Vec<Value>)> {
	let ValueDef::Variant(pallet) = call.value else { return Err("not a runtime call".into()) };
	let Some(ValueDef::Variant(inner)) = pallet.values.into_values().next().map(|v| v.value) else {
		return Err("not a pallet call".into());
	};
	let args = match inner.values {
		Composite::Named(fields) => fields.into_iter().map(|(_, v)| v).collect(),
		Composite::Unnamed(values) => values,
	};
	Ok((pallet.name, inner.name, args))
}
