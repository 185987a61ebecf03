package io.helmgate.domain.execution;

/**
 * One step of an execution: re-check, verify the base, a pre-flight, commit, sync, await the
 * deployment. A step does one thing, may run several times (after a restart, on another replica, at
 * each {@link StepResult.Running} retry) and must be safe to run again: it finds what an earlier
 * run of itself already did before it does it.
 */
public interface Step {

  /** The name stored with the request and shown in the audit trail, e.g. {@code commit}. */
  String name();

  /** Runs the step once. Throws only for faults the pipeline records as an error. */
  StepResult run(StepContext context);

  /** Whether the step applies to this request at all (a sync-only request commits nothing). */
  default boolean appliesTo(StepContext context) {
    return true;
  }
}
