package io.helmgate.domain.service;

import io.helmgate.domain.port.ArtifactChecker;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.Deployer;
import io.helmgate.domain.port.Directory;
import io.helmgate.domain.port.EdgeVerifier;
import io.helmgate.domain.port.ExecutionClaims;
import io.helmgate.domain.port.LockStore;
import io.helmgate.domain.port.Notifier;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Scheduler;
import io.helmgate.domain.port.SecretChecker;
import io.helmgate.domain.port.ValuesRepository;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Everything the domain needs from the outside world, in one place. {@code executor} runs
 * executions after the interaction that triggered them has been answered; {@code edge} verifies
 * Kong and F5 after a deployment ({@link EdgeVerifier#NONE} when there is neither); {@code claims}
 * says which replica is carrying out which request.
 */
public record Ports(
    ValuesRepository values,
    Deployer deployer,
    SecretChecker secrets,
    Directory directory,
    RequestStore requests,
    AuditTrail audit,
    LockStore locks,
    Scheduler scheduler,
    Notifier notifier,
    Clock clock,
    Executor executor,
    ArtifactChecker artifacts,
    EdgeVerifier edge,
    ExecutionClaims claims) {}
