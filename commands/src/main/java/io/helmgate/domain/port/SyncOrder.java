package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import java.util.Optional;

/**
 * What Helmgate asks Argo CD to do. The request id is the operation's marker: it is sent in the
 * sync's {@code infos}, which Argo CD copies into {@code status.operationState.operation.info}, so
 * an operation is recognised as ours by its marker, never by its start time.
 *
 * @param revision the values commit to sync to, where the application allows naming one
 * @param prune whether resources removed from the manifests are deleted
 */
public record SyncOrder(
    RequestId marker, UserRef requestedBy, Optional<String> revision, boolean prune) {}
