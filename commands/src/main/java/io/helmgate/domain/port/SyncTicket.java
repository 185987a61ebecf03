package io.helmgate.domain.port;

import io.helmgate.domain.Target;
import java.time.Instant;

/** A sync that was started: what to poll, and since when. */
public record SyncTicket(Target target, String application, Instant startedAt) {}
