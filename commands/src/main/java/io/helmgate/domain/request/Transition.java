package io.helmgate.domain.request;

import java.util.List;

/**
 * The result of asking the lifecycle for a change of state: moved (with the events to record), or
 * refused with a sentence saying why. Illegal transitions are refused, never silently ignored.
 */
public sealed interface Transition {

  /** The request moved; append {@code events} to the audit trail with the stored change. */
  record Moved(Request request, List<AuditEvent> events) implements Transition {
    public Moved {
      events = List.copyOf(events);
    }
  }

  /** Nothing changed; {@code reason} says why, for a person. */
  record Refused(String reason) implements Transition {}

  /**
   * What to do in each case, both required: a caller cannot forget that a move may be refused
   * (there is no cast that fails at run time).
   */
  default <T> T either(
      java.util.function.Function<Moved, T> moved,
      java.util.function.Function<Refused, T> refused) {
    return this instanceof Moved m ? moved.apply(m) : refused.apply((Refused) this);
  }

  /** The moved request; throws {@link IllegalStateException} with the reason when refused. */
  default Request requireMoved() {
    if (this instanceof Moved moved) {
      return moved.request();
    }
    throw new IllegalStateException(((Refused) this).reason());
  }
}
