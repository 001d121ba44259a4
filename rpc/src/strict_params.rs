//! Strict parameter lists for JSON-RPC methods.
//!
//! The parameter parsing jsonrpsee generates for `#[rpc]` methods reads the parameters a method
//! takes and ignores the rest: `agent_profile(0, "extra")` would answer like `agent_profile(0)`,
//! and a named-parameter object with unknown keys would be answered as if they were absent.
//! [`enforce`] wraps the methods of a module so that such calls are refused with `-32602`
//! (invalid params) before the method runs. A call within the signature reaches the method
//! untouched: same parameters, same answer.

use jsonrpsee::{
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned, Params},
	MethodCallback, MethodResponse, RpcModule,
};
use serde::de::IgnoredAny;
use std::{collections::BTreeMap, sync::Arc};

/// A method's name and the names of its parameters, in positional order.
///
/// The names are the keys a named-parameter object may use. jsonrpsee also accepts the
/// `snake_case` and `lowerCamelCase` forms of a name; for a single lowercase word (every ChaosCore
/// parameter) those are the name itself.
pub type Signature = (&'static str, &'static [&'static str]);

/// Why [`enforce`] refused a module: its methods and the signatures disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
	/// The module serves this method, but no signature describes it.
	Unlisted(&'static str),
	/// A signature describes this method, but the module does not serve it.
	NotServed(&'static str),
	/// Two signatures describe this method.
	Duplicate(&'static str),
}

impl core::fmt::Display for SignatureError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Unlisted(method) => write!(f, "no signature for the RPC method {method}"),
			Self::NotServed(method) => write!(f, "a signature for {method}, which is not served"),
			Self::Duplicate(method) => write!(f, "two signatures for the RPC method {method}"),
		}
	}
}

impl std::error::Error for SignatureError {}

/// Makes every method of `module` refuse parameters beyond its signature in `signatures`: more
/// positional parameters than it takes, a named parameter it does not take, or parameters that
/// are neither an array nor an object. Refusals are `-32602` with a message saying what is
/// wrong; other calls are passed on unchanged.
///
/// `signatures` must describe exactly the methods of `module` (otherwise nothing is changed and
/// the mismatch is returned). Subscriptions are left as they are.
pub fn enforce<C: Send + Sync + 'static>(
	module: &mut RpcModule<C>,
	signatures: &'static [Signature],
) -> Result<(), SignatureError> {
	let served: Vec<&'static str> = module.method_names().collect();
	for (i, (method, _)) in signatures.iter().enumerate() {
		if signatures[..i].iter().any(|(other, _)| other == method) {
			return Err(SignatureError::Duplicate(method));
		}
		if !served.contains(method) {
			return Err(SignatureError::NotServed(method));
		}
	}
	let mut wrapped = Vec::with_capacity(served.len());
	for method in served {
		let (_, params) = signatures
			.iter()
			.find(|(listed, _)| *listed == method)
			.ok_or(SignatureError::Unlisted(method))?;
		wrapped.push((method, *params));
	}
	for (method, params) in wrapped {
		if let Some(callback) = module.remove_method(method) {
			module
				.verify_and_insert(method, strict(method, params, callback))
				.expect("the name was removed just before");
		}
	}
	Ok(())
}

/// `callback`, refusing calls whose parameters do not fit `params`.
fn strict(
	method: &'static str,
	params: &'static [&'static str],
	callback: MethodCallback,
) -> MethodCallback {
	match callback {
		MethodCallback::Sync(inner) => MethodCallback::Sync(Arc::new(
			move |id, call, max_response_size, extensions| match check(method, params, &call) {
				Ok(()) => inner(id, call, max_response_size, extensions),
				Err(error) => MethodResponse::error(id, error).with_extensions(extensions),
			},
		)),
		MethodCallback::Async(inner) => MethodCallback::Async(Arc::new(
			move |id, call, connection, max_response_size, extensions| match check(
				method, params, &call,
			) {
				Ok(()) => inner(id, call, connection, max_response_size, extensions),
				Err(error) => Box::pin(std::future::ready(
					MethodResponse::error(id, error).with_extensions(extensions),
				)),
			},
		)),
		// Subscriptions answer through their own sink; ChaosCore has none, so they are left as
		// they are.
		other => other,
	}
}

/// Whether the parameters `call` of `method` fit its parameter list `params`.
fn check(method: &str, params: &[&str], call: &Params) -> Result<(), ErrorObjectOwned> {
	let refuse =
		|message: String| Err(ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message, None::<()>));
	let Some(json) = call.as_str() else { return Ok(()) };
	match json.as_bytes().first() {
		Some(b'[') => {
			let given = match serde_json::from_str::<Vec<IgnoredAny>>(json) {
				Ok(given) => given.len(),
				Err(e) => return refuse(format!("{method}: malformed parameters: {e}")),
			};
			match params.len() {
				_ if given <= params.len() => Ok(()),
				0 => refuse(format!("{method} takes no parameters, got {given}")),
				1 => refuse(format!("{method} takes at most 1 parameter, got {given}")),
				n => refuse(format!("{method} takes at most {n} parameters, got {given}")),
			}
		},
		Some(b'{') => {
			let given = match serde_json::from_str::<BTreeMap<String, IgnoredAny>>(json) {
				Ok(given) => given,
				Err(e) => return refuse(format!("{method}: malformed parameters: {e}")),
			};
			match given.keys().find(|key| !params.contains(&key.as_str())) {
				None => Ok(()),
				Some(key) if params.is_empty() => {
					refuse(format!("{method} takes no parameters, got {:?}", shorten(key)))
				},
				Some(key) => refuse(format!(
					"{method} has no parameter {:?} (its parameters: {})",
					shorten(key),
					params.join(", ")
				)),
			}
		},
		_ if json == "null" => Ok(()),
		_ => refuse(format!("{method}: parameters must be an array or an object")),
	}
}

/// `key`, cut to 64 characters for an error message.
fn shorten(key: &str) -> String {
	const MAX: usize = 64;
	match key.char_indices().nth(MAX) {
		Some((end, _)) => format!("{}…", &key[..end]),
		None => key.to_string(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn checked(params: &'static [&'static str], json: Option<&str>) -> Result<(), String> {
		check("test_method", params, &Params::new(json)).map_err(|e| e.message().to_string())
	}

	#[test]
	fn positional_parameters_up_to_the_signature_pass() {
		let params: &[&str] = &["agent", "cursor", "limit"];
		for json in
			[None, Some("null"), Some("[]"), Some("[0]"), Some("[0, null]"), Some("[0,null,10]")]
		{
			assert_eq!(checked(params, json), Ok(()), "{json:?}");
		}
		assert_eq!(checked(&[], Some(" [ ] ")), Ok(()));
	}

	#[test]
	fn positional_parameters_beyond_the_signature_are_refused() {
		assert_eq!(
			checked(&["agent", "cursor", "limit"], Some(r#"[0, null, 10, "extra"]"#)),
			Err("test_method takes at most 3 parameters, got 4".into())
		);
		assert_eq!(
			checked(&["id"], Some("[0, [1, 2], {}]")),
			Err("test_method takes at most 1 parameter, got 3".into())
		);
		assert_eq!(
			checked(&[], Some("[null]")),
			Err("test_method takes no parameters, got 1".into())
		);
	}

	#[test]
	fn named_parameters_must_be_in_the_signature() {
		let params: &[&str] = &["agent", "cursor", "limit"];
		assert_eq!(checked(params, Some("{}")), Ok(()));
		assert_eq!(checked(params, Some(r#"{"limit": 5, "agent": 1}"#)), Ok(()));
		assert_eq!(
			checked(params, Some(r#"{"agent": 1, "page": 2}"#)),
			Err(r#"test_method has no parameter "page" (its parameters: agent, cursor, limit)"#
				.into())
		);
		assert_eq!(
			checked(&[], Some(r#"{"verbose": true}"#)),
			Err(r#"test_method takes no parameters, got "verbose""#.into())
		);
		let long = format!(r#"{{"{}": 1}}"#, "k".repeat(1000));
		let refused = checked(&[], Some(&long)).unwrap_err();
		assert!(refused.len() < 120, "{refused}");
	}

	#[test]
	fn parameters_that_are_neither_array_nor_object_are_refused() {
		for json in ["5", "\"x\"", "true"] {
			assert_eq!(
				checked(&["id"], Some(json)),
				Err("test_method: parameters must be an array or an object".into()),
				"{json}"
			);
		}
	}

	#[test]
	fn enforce_refuses_signatures_that_do_not_match_the_module() {
		let module = || {
			let mut module = RpcModule::new(());
			module.register_method("a_one", |_, _, _| 1).expect("a fresh name");
			module.register_method("a_two", |_, _, _| 2).expect("a fresh name");
			module
		};
		assert_eq!(
			enforce(&mut module(), &[("a_one", &[])]),
			Err(SignatureError::Unlisted("a_two"))
		);
		assert_eq!(
			enforce(&mut module(), &[("a_one", &[]), ("a_two", &[]), ("a_three", &[])]),
			Err(SignatureError::NotServed("a_three"))
		);
		assert_eq!(
			enforce(&mut module(), &[("a_one", &[]), ("a_two", &[]), ("a_one", &["x"])]),
			Err(SignatureError::Duplicate("a_one"))
		);
		assert_eq!(enforce(&mut module(), &[("a_two", &[]), ("a_one", &["x"])]), Ok(()));
	}

	#[tokio::test]
	async fn enforced_sync_and_async_methods_answer_or_refuse() {
		let mut module = RpcModule::new(());
		module
			.register_method("t_sync", |params, _, _| params.one::<u32>().map(|n| n + 1))
			.expect("a fresh name");
		module
			.register_async_method("t_async", |params, _, _| async move {
				params.one::<u32>().map(|n| n + 2)
			})
			.expect("a fresh name");
		module
			.register_blocking_method("t_blocking", |params, _, _| {
				params.one::<u32>().map(|n| n + 3)
			})
			.expect("a fresh name");
		enforce(&mut module, &[("t_sync", &["n"]), ("t_async", &["n"]), ("t_blocking", &["n"])])
			.expect("the signatures match");
		for (method, answer) in [("t_sync", 2u32), ("t_async", 3), ("t_blocking", 4)] {
			assert_eq!(module.call::<_, u32>(method, [1]).await.expect("answered"), answer);
			let refused = module.call::<_, u32>(method, [1, 2]).await.expect_err("refused");
			let jsonrpsee::MethodsError::JsonRpc(error) = refused else {
				panic!("{method}: {refused:?}")
			};
			assert_eq!(error.code(), INVALID_PARAMS_CODE);
			assert_eq!(error.message(), format!("{method} takes at most 1 parameter, got 2"));
		}
	}
}
