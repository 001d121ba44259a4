//! Renders runtime events as JSON for the audit history: decoded with the runtime's own type
//! information, so every field keeps its name; byte strings and arrays (hashes, account ids)
//! become `0x` hex, numbers above `u64::MAX` decimal strings.

use chaoscore_runtime::RuntimeEvent;
use codec::Encode;
use polkadot_sdk::sp_core::hexdisplay::HexDisplay;
use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};
use scale_value::{Composite, Primitive, Value, ValueDef};
use serde_json::{json, Map, Value as Json};

/// An event rendered for the history: its pallet, its name and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEvent {
	/// Pallet name (the `RuntimeEvent` variant, e.g. `Slashing`).
	pub pallet: String,
	/// Event name (e.g. `Slashed`).
	pub event: String,
	/// The fields as JSON.
	pub fields: Json,
}

/// Decodes runtime events with the runtime's type registry.
pub struct EventRenderer {
	registry: PortableRegistry,
	event_type: u32,
}

impl Default for EventRenderer {
	fn default() -> Self {
		let mut registry = scale_info::Registry::new();
		let event_type = registry.register_type(&scale_info::meta_type::<RuntimeEvent>()).id;
		Self { registry: registry.into(), event_type }
	}
}

impl EventRenderer {
	/// Renders `event`.
	pub fn render(&self, event: &RuntimeEvent) -> Result<RenderedEvent, String> {
		let bytes = event.encode();
		let value =
			scale_value::scale::decode_as_type(&mut &bytes[..], self.event_type, &self.registry)
				.map_err(|e| e.to_string())?;
		// `RuntimeEvent::Pallet(pallet::Event::Name { fields })`.
		let ValueDef::Variant(pallet) = &value.value else {
			return Err("a runtime event is not an enum".into());
		};
		let inner = match &pallet.values {
			Composite::Unnamed(values) => values.first(),
			Composite::Named(values) => values.first().map(|(_, v)| v),
		};
		let Some(Value { value: ValueDef::Variant(event), .. }) = inner else {
			return Err(format!("{} event is not an enum", pallet.name));
		};
		Ok(RenderedEvent {
			pallet: pallet.name.clone(),
			event: event.name.clone(),
			fields: self.composite(&event.values),
		})
	}

	fn value(&self, value: &Value<u32>) -> Json {
		if let Some(bytes) = self.bytes(value) {
			return json!(format!("0x{}", HexDisplay::from(&bytes)));
		}
		match &value.value {
			ValueDef::Composite(c) => self.composite(c),
			ValueDef::Variant(v) => match &v.values {
				Composite::Unnamed(values) if values.is_empty() => json!(v.name),
				values => json!({ v.name.clone(): self.composite(values) }),
			},
			ValueDef::BitSequence(bits) => {
				json!(bits.iter().map(|b| if b { '1' } else { '0' }).collect::<String>())
			},
			ValueDef::Primitive(p) => primitive(p),
		}
	}

	fn composite(&self, composite: &Composite<u32>) -> Json {
		match composite {
			Composite::Named(fields) => Json::Object(
				fields
					.iter()
					.map(|(name, v)| (name.clone(), self.value(v)))
					.collect::<Map<_, _>>(),
			),
			// A newtype (e.g. a bounded vector) renders as what it wraps.
			Composite::Unnamed(values) if values.len() == 1 => self.value(&values[0]),
			Composite::Unnamed(values) => {
				Json::Array(values.iter().map(|v| self.value(v)).collect())
			},
		}
	}

	/// The bytes of a value whose type is a sequence or array of `u8`.
	fn bytes(&self, value: &Value<u32>) -> Option<Vec<u8>> {
		let ty = self.registry.resolve(value.context)?;
		let element = match &ty.type_def {
			TypeDef::Sequence(s) => s.type_param.id,
			TypeDef::Array(a) => a.type_param.id,
			_ => return None,
		};
		let is_u8 = matches!(
			self.registry.resolve(element).map(|t| &t.type_def),
			Some(TypeDef::<PortableForm>::Primitive(TypeDefPrimitive::U8))
		);
		let ValueDef::Composite(Composite::Unnamed(items)) = &value.value else { return None };
		if !is_u8 {
			return None;
		}
		items
			.iter()
			.map(|item| match item.value {
				ValueDef::Primitive(Primitive::U128(b)) => u8::try_from(b).ok(),
				_ => None,
			})
			.collect()
	}
}

fn primitive(p: &Primitive) -> Json {
	match p {
		Primitive::Bool(b) => json!(b),
		Primitive::Char(c) => json!(c.to_string()),
		Primitive::String(s) => json!(s),
		Primitive::U128(n) => u64::try_from(*n).map_or_else(|_| json!(n.to_string()), |n| json!(n)),
		Primitive::I128(n) => i64::try_from(*n).map_or_else(|_| json!(n.to_string()), |n| json!(n)),
		Primitive::U256(b) | Primitive::I256(b) => json!(format!("0x{}", HexDisplay::from(b))),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn slash_event_renders_with_names_hex_and_numbers() {
		let event = RuntimeEvent::Slashing(pallet_slashing::Event::Jailed {
			id: 7,
			owner: [1u8; 32].into(),
			until: 99,
		});
		let rendered = EventRenderer::default().render(&event).unwrap();
		assert_eq!((rendered.pallet.as_str(), rendered.event.as_str()), ("Slashing", "Jailed"));
		assert_eq!(
			rendered.fields,
			json!({ "id": 7, "owner": format!("0x{}", "01".repeat(32)), "until": 99 })
		);
	}
}
