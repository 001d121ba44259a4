//! Key consent: a key is bound only with its signature over this owner, agent and key, within
//! its validity.

use super::*;
use crate::{KeyConsent, KeyConsentOf, Pallet};
use polkadot_sdk::{
	frame_support::{pallet_prelude::DispatchResult, traits::Get},
	sp_runtime::testing::TestSignature,
};

/// `key`'s signature over the consent message of `owner`, `agent` and `key`, valid until
/// `valid_until`.
fn signed_consent(
	owner: AccountId,
	agent: Option<AgentId>,
	key: AccountId,
	valid_until: u64,
) -> KeyConsentOf<Test> {
	let message = Pallet::<Test>::key_consent_message(&owner, agent, &key, valid_until);
	KeyConsent { valid_until, signature: TestSignature(key, message) }
}

fn register_with(owner: AccountId, key: AccountId, consent: KeyConsentOf<Test>) -> DispatchResult {
	let doc = document(b"consent");
	AgentRegistry::register(RuntimeOrigin::signed(owner), key, consent, metadata_for(&doc), doc)
}

#[test]
fn a_registration_needs_the_keys_consent_to_its_owner() {
	ExtBuilder::default().build_and_execute(|| {
		// Signed by another account than the key.
		let mut forged = signed_consent(ALICE, None, KEY_A, 5);
		forged.signature = TestSignature(BOB, forged.signature.1.clone());
		assert_noop!(register_with(ALICE, KEY_A, forged), Error::<Test>::BadKeyConsent);
		// The key consented to Alice, not to Bob: a front-runner copying it fails.
		let honest = signed_consent(ALICE, None, KEY_A, 5);
		assert_noop!(register_with(BOB, KEY_A, honest.clone()), Error::<Test>::BadKeyConsent);
		// A consent to rotate into an agent is not one to register.
		let rotation = signed_consent(ALICE, Some(0), KEY_A, 5);
		assert_noop!(register_with(ALICE, KEY_A, rotation), Error::<Test>::BadKeyConsent);
		assert_ok!(register_with(ALICE, KEY_A, honest));
		assert_eq!(AgentByKey::<Test>::get(KEY_A), Some(0));
	});
}

#[test]
fn a_consent_is_valid_until_its_block_and_at_most_the_maximum_age() {
	ExtBuilder::default().build_and_execute(|| {
		let max_age: u32 = <Test as crate::Config>::MaxKeyConsentAge::get();
		run_to_block(10);
		assert_noop!(
			register_with(ALICE, KEY_A, signed_consent(ALICE, None, KEY_A, 9)),
			Error::<Test>::KeyConsentExpired
		);
		let too_long = 10 + u64::from(max_age) + 1;
		assert_noop!(
			register_with(ALICE, KEY_A, signed_consent(ALICE, None, KEY_A, too_long)),
			Error::<Test>::KeyConsentTooLong
		);
		assert_ok!(register_with(ALICE, KEY_A, signed_consent(ALICE, None, KEY_A, 10)));
		let longest = 10 + u64::from(max_age);
		assert_ok!(register_with(BOB, KEY_B, signed_consent(BOB, None, KEY_B, longest)));
	});
}

#[test]
fn a_rotation_needs_the_new_keys_consent_to_this_agent() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register_agent(ALICE, KEY_A, b"a");
		let other = register_agent(ALICE, KEY_B, b"b");
		let rotate = |consent| {
			AgentRegistry::rotate_agent_key(RuntimeOrigin::signed(ALICE), id, KEY_C, consent)
		};
		// KEY_C consented to the other agent, or to a new one, not to this one.
		assert_noop!(
			rotate(signed_consent(ALICE, Some(other), KEY_C, 5)),
			Error::<Test>::BadKeyConsent
		);
		assert_noop!(rotate(signed_consent(ALICE, None, KEY_C, 5)), Error::<Test>::BadKeyConsent);
		// Signed by the current key, not the new one.
		let mut by_old_key = signed_consent(ALICE, Some(id), KEY_C, 5);
		by_old_key.signature = TestSignature(KEY_A, by_old_key.signature.1.clone());
		assert_noop!(rotate(by_old_key), Error::<Test>::BadKeyConsent);
		assert_ok!(rotate(signed_consent(ALICE, Some(id), KEY_C, 5)));
		assert_eq!(AgentByKey::<Test>::get(KEY_C), Some(id));
	});
}
