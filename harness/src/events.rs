//! Reading the events of a transaction.

use crate::Result;
use subxt::{
	dynamic::{At, Value},
	events::Event,
	ext::scale_value::ValueDef,
	extrinsics::ExtrinsicEvents,
	PolkadotConfig,
};

/// The first event `pallet::name` among `events`.
pub fn find_event<'a>(
	events: &'a ExtrinsicEvents<PolkadotConfig>,
	pallet: &str,
	name: &str,
) -> Result<Event<'a, PolkadotConfig>> {
	events
		.iter()
		.filter_map(|event| event.ok())
		.find(|e| (e.pallet_name(), e.event_name()) == (pallet, name))
		.ok_or_else(|| format!("no {pallet}::{name} event").into())
}

/// Field `name` of an event, as a dynamic value.
pub fn event_field(event: &Event<'_, PolkadotConfig>, name: &str) -> Result<Value> {
	// The outer event enum: `Pallet(Event { fields })`.
	let outer: Value = event.decode_as()?;
	let field = outer.at(0).and_then(|inner| inner.at(name)).ok_or_else(|| {
		format!("{}::{} has no field {name}", event.pallet_name(), event.event_name())
	})?;
	Ok(field.clone())
}

/// A number field of an event.
pub fn number_field(event: &Event<'_, PolkadotConfig>, name: &str) -> Result<u128> {
	event_field(event, name)?
		.as_u128()
		.ok_or_else(|| format!("{name} is not a number").into())
}

/// The variant name of an enum value (`Ok`, `Some`, `Active`, ...).
pub fn variant_name<Ctx>(value: &Value<Ctx>) -> Option<&str> {
	match &value.value {
		ValueDef::Variant(v) => Some(v.name.as_str()),
		_ => None,
	}
}

/// Fails unless the event `(pallet, event, result field)` among `events` reports that the call
/// dispatched on someone's behalf (by sudo, a motion, the whitelist) succeeded; `what` names
/// that call in the error.
pub fn expect_dispatched(
	events: &ExtrinsicEvents<PolkadotConfig>,
	(pallet, event, field): (&str, &str, &str),
	what: &str,
) -> Result {
	let result = event_field(&find_event(events, pallet, event)?, field)?;
	if variant_name(&result) != Some("Ok") {
		return Err(format!("{what} failed: {result}").into());
	}
	Ok(())
}

/// The fee (plus tip) the signer of a transaction paid, from its `TransactionFeePaid` event.
pub fn fee_paid(events: &ExtrinsicEvents<PolkadotConfig>) -> Result<u128> {
	let paid = find_event(events, "TransactionPayment", "TransactionFeePaid")?;
	Ok(number_field(&paid, "actual_fee")? + number_field(&paid, "tip")?)
}
