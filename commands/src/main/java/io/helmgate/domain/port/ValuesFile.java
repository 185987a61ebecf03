package io.helmgate.domain.port;

import io.helmgate.domain.Target;

/**
 * A values file as read at the branch head.
 *
 * @param lastChangeCommit the newest commit that changed this file: the base an approval binds to
 * @param headCommit the branch head it was read at
 */
public record ValuesFile(
    Target target, String content, String lastChangeCommit, String headCommit) {}
