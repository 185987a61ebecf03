package io.helmgate.domain.port;

import java.util.List;

/**
 * Whether Argo CD's sync windows allow a manual sync of an application now ({@code GET
 * /api/v1/applications/{name}/syncwindows}, {@code canSync}), and the windows that decide it,
 * described for people.
 */
public record SyncWindowVerdict(boolean canSync, List<String> windows) {
  public SyncWindowVerdict {
    windows = List.copyOf(windows);
  }
}
