//! The registry's guard: a challenged agent may leave the pool but keeps its bond and owner.

use super::*;

#[test]
fn registry_keeps_a_challenged_agents_bond_and_owner() {
	ExtBuilder::default().build_and_execute(|| {
		use pallet_agent_registry::Error as RegistryError;
		let agent = register(ALICE, KEY_A);
		let id = open_agent(BOB, agent);
		assert_noop!(
			AgentRegistry::rotate_owner(signed(ALICE), agent, CHARLIE),
			RegistryError::<Test>::AgentChallenged
		);
		// It may stop working at once; the ruling still reaches its bond.
		assert_ok!(AgentRegistry::deregister(signed(ALICE), agent));
		assert_ok!(Challenge::resolve(root(), id, Ruling::Rejected));

		// Challenged while unbonding: the bond cannot be withdrawn until the challenge ends.
		run_to_block(15);
		let id = open_agent(BOB, agent);
		let deadline = 15 + RESOLUTION;
		assert_eq!(Challenges::<Test>::get(id).unwrap().deadline, deadline);
		run_to_block(1 + UNBONDING);
		assert_noop!(
			AgentRegistry::withdraw_bond(signed(ALICE), agent),
			RegistryError::<Test>::AgentChallenged
		);
		run_to_block(deadline);
		assert!(!<Challenge as ChallengeGuard>::is_challenged(agent));
		assert_ok!(AgentRegistry::withdraw_bond(signed(ALICE), agent));
		assert_eq!(free(ALICE), ENDOWMENT);
	});
}
