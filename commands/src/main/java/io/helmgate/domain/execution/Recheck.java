package io.helmgate.domain.execution;

import io.helmgate.domain.policy.Actor;
import io.helmgate.domain.policy.Decision;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.DirectoryUnavailableException;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.People;
import java.util.List;

/**
 * Re-checks the policy at execution, against today's configuration and people's roles now: the
 * requester may still request, enough approvers still hold an approver role, the environment is not
 * locked or frozen and (where required) inside a window.
 */
public final class Recheck implements Step {

  private final Policy policy;
  private final People people;
  private final LockStore locks;

  public Recheck(Policy policy, People people, LockStore locks) {
    this.policy = policy;
    this.people = people;
    this.locks = locks;
  }

  @Override
  public String name() {
    return "recheck";
  }

  @Override
  public StepResult run(StepContext context) {
    Request request = context.request();
    try {
      Actor requester = people.actor(request.requester());
      List<Actor> approvers =
          request.approvedBy().stream().map(a -> people.actor(a.approver())).toList();
      Decision decision =
          policy.recheckAtExecution(
              requester,
              approvers,
              request.target(),
              locks.find(request.target()),
              request.breakGlass(),
              context.now());
      return decision.isDenied()
          ? StepResult.Failed.because("Not executed: " + decision.message())
          : StepResult.Succeeded.quietly();
    } catch (DirectoryUnavailableException e) {
      return new StepResult.Errored(e.getMessage(), true);
    }
  }
}
