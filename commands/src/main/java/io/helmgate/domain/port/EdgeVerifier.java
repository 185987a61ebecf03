package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.util.List;
import java.util.Objects;

/**
 * Checks the edge in front of an environment after a deployment (Kong route, service, upstream
 * health and a probe through the gateway; F5 pool members up) and drains and re-enables its load
 * balancer pool members around a maintenance window. Never throws for an unreachable or answering
 * edge: those are failed checks or failed steps whose detail a person can act on.
 */
public interface EdgeVerifier {

  /** The edge of an environment Helmgate knows nothing about: no checks, no drain. */
  EdgeVerifier NONE =
      new EdgeVerifier() {
        @Override
        public Report verify(Target target) {
          return Report.notConfigured();
        }

        @Override
        public boolean drainsForMaintenance(Target target) {
          return false;
        }

        @Override
        public Step drain(Target target) {
          return Step.notConfigured();
        }

        @Override
        public Step enable(Target target) {
          return Step.notConfigured();
        }
      };

  /** Runs every post-deploy check configured for {@code target}'s environment. */
  Report verify(Target target);

  /** Whether scheduled changes of {@code target} drain its pool members for their window. */
  boolean drainsForMaintenance(Target target);

  /** Stops new connections to {@code target}'s pool members; existing ones continue. */
  Step drain(Target target);

  /** Lets {@code target}'s pool members take new connections again. */
  Step enable(Target target);

  /**
   * Re-enables only {@code members}, the ones a drain changed (as its {@link Step#members()} said),
   * so that a member a person had taken out before the window stays out. Without that list (none
   * recorded) it is {@link #enable(Target)}.
   */
  default Step enable(Target target, List<String> members) {
    return enable(target);
  }

  /**
   * One check's result, e.g. {@code ("Kong upstream acme-payments", false, "1 of 2 targets
   * UNHEALTHY: 10.0.0.2:8080")}.
   */
  record Check(String name, boolean passed, String detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      detail = detail == null ? "" : detail;
    }
  }

  /** All checks of one verification; {@code NOT_CONFIGURED} when the environment has none. */
  record Report(Status status, List<Check> checks) {
    public Report {
      checks = List.copyOf(checks);
    }

    /** PASSED when every check passed, FAILED when one did not. */
    public static Report of(List<Check> checks) {
      if (checks.isEmpty()) {
        return notConfigured();
      }
      return new Report(
          checks.stream().allMatch(Check::passed) ? Status.PASSED : Status.FAILED, checks);
    }

    public static Report notConfigured() {
      return new Report(Status.NOT_CONFIGURED, List.of());
    }

    /** How a verification ended. */
    public enum Status {
      PASSED,
      FAILED,
      NOT_CONFIGURED
    }
  }

  /**
   * The result of a drain or an enable: what was done, or why it was not, and which members it
   * changed (empty when the adapter does not say).
   */
  record Step(Status status, String detail, List<String> members) {
    public Step {
      Objects.requireNonNull(status, "status");
      detail = detail == null ? "" : detail;
      members = members == null ? List.of() : List.copyOf(members);
    }

    public Step(Status status, String detail) {
      this(status, detail, List.of());
    }

    /** Done, having changed {@code members}. */
    public static Step done(String detail, List<String> members) {
      return new Step(Status.DONE, detail, members);
    }

    /** Failed, having changed {@code members} before it did. */
    public static Step failed(String detail, List<String> members) {
      return new Step(Status.FAILED, detail, members);
    }

    public static Step done(String detail) {
      return new Step(Status.DONE, detail);
    }

    public static Step failed(String detail) {
      return new Step(Status.FAILED, detail);
    }

    public static Step notConfigured() {
      return new Step(Status.NOT_CONFIGURED, "no load balancer pool is configured");
    }

    /** How a drain or an enable ended. */
    public enum Status {
      DONE,
      FAILED,
      NOT_CONFIGURED
    }
  }
}
