package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable requests. Every write stores the state change and appends its audit events in one
 * transaction, so the trail never misses a change and never records one that did not happen.
 */
public interface RequestStore {

  /** A new, never used request id. */
  RequestId nextId();

  /** Stores a new request (version 0) with its events; returns it as stored. */
  Request insert(Request request, List<AuditEvent> events);

  /**
   * Stores the next state of a request if nobody changed it since {@code request.version()} was
   * read; returns it with its new version.
   *
   * @throws ConcurrentUpdateException when another writer got there first
   */
  Request update(Request request, List<AuditEvent> events);

  Optional<Request> find(RequestId id);

  /** Requests in any of the given states, oldest first. */
  List<Request> findByState(Collection<RequestState> states);

  /** The latest requests for one target, newest first. */
  List<Request> recent(Target target, int limit);

  /**
   * Runs {@code work} so that what it stores here, and what it hands to adapters that keep their
   * work in the same database (the messages Slack is to show), is kept together or not at all: a
   * state change is never stored without the message that tells it, nor the other way round.
   * Without a shared database, {@code work} simply runs. (The JDBC store does not open one yet: the
   * Slack outbox sends and records a row after its commit, which inside a Spring transaction would
   * write on the committed connection and be lost; see the session note.)
   */
  default <T> T together(java.util.function.Supplier<T> work) {
    return work.get();
  }
}
