package io.helmgate.domain.service;

import io.helmgate.domain.command.Command;
import io.helmgate.domain.policy.Actor;

/**
 * Runs one kind of command for a caller whose roles are known. A runner asks the policy, changes
 * what the command changes through the ports, and returns an {@link Outcome}; it never renders.
 */
@FunctionalInterface
interface CommandRunner<C extends Command> {

  Outcome run(C command, Caller caller, Actor actor);
}
