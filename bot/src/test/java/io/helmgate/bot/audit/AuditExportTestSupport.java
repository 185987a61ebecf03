package io.helmgate.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.AuditTrail.AuditEntry;
import java.util.List;

/** Assertions shared by the export tests. */
final class AuditExportTestSupport {

  static final String GENESIS = "0".repeat(64);

  private AuditExportTestSupport() {}

  /** Equal entries, and each detail map with its keys in the same order (records ignore order). */
  static void assertSameEntries(List<AuditEntry> actual, List<AuditEntry> expected) {
    assertThat(actual).isEqualTo(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).event().at()).isEqualTo(expected.get(i).event().at());
      assertThat(List.copyOf(actual.get(i).event().detail().entrySet()))
          .as("detail of seq %d in order", expected.get(i).seq())
          .containsExactlyElementsOf(List.copyOf(expected.get(i).event().detail().entrySet()));
    }
  }
}
