package io.helmgate.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.request.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exports are safe to open in a spreadsheet and read back to exactly the entries written. */
class AuditExportTest {

  private static final String H1 = "a".repeat(64);
  private static final String H2 = "b".repeat(64);
  private static final String H3 = "c".repeat(64);
  private final AuditExport export = new AuditExport();

  static List<AuditEntry> awkwardEntries() {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("zeta", "last key first: order matters");
    detail.put(
        "command", "/deploy acme/payments prod image.tag=1.4.2 reason=\"CHG-1, \"quoted\"\"");
    detail.put("multi", "line one\nline two\r\nline three");
    detail.put("unicode", "Zürich → 東京 •••");
    detail.put("formula", "=HYPERLINK(\"http://evil.example\",\"x\")");
    detail.put("absent", null);
    List<AuditEntry> entries = new ArrayList<>();
    entries.add(
        new AuditEntry(
            1,
            new AuditEvent(
                AuditEvent.Type.REQUESTED,
                Instant.parse("2026-12-01T10:00:00.123456789Z"),
                Optional.of(new RequestId(42)),
                Optional.of(new UserRef("U0ALICE", "Alice, \"the\" Ops\nLead")),
                Optional.of(new Target("acme", "payments", "prod")),
                detail),
            AuditExportTestSupport.GENESIS,
            H1));
    entries.add(
        new AuditEntry(
            2,
            new AuditEvent(
                AuditEvent.Type.FAULT,
                Instant.parse("2026-12-01T10:00:01Z"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of()),
            H1,
            H2));
    entries.add(
        new AuditEntry(
            3,
            new AuditEvent(
                AuditEvent.Type.REFUSED,
                Instant.parse("2026-12-01T10:00:02.5Z"),
                Optional.empty(),
                Optional.of(new UserRef("U0MAL", "=cmd|' /C calc'!A0")),
                Optional.of(new Target("acme", "payments", "qa")),
                orderedOf("plus", "+1", "minus", "-1", "at", "@SUM(A1)", "quote", "'=already")),
            H2,
            H3));
    entries.add(
        new AuditEntry(
            4,
            new AuditEvent(
                AuditEvent.Type.NOTIFICATION_FAILED,
                Instant.parse("2026-12-01T10:00:03Z"),
                Optional.of(new RequestId(7)),
                Optional.of(new UserRef("U0TAB", "\tTabbed")),
                Optional.empty(),
                orderedOf("line", "'quoted start", "empty", "")),
            H3,
            H1));
    return entries;
  }

  private static Map<String, String> orderedOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void csvRoundTripGivesTheSameEntriesWithExactTimesAndDetailOrder() {
    List<AuditEntry> entries = awkwardEntries();

    List<AuditEntry> back = export.fromCsv(export.toCsv(entries));

    AuditExportTestSupport.assertSameEntries(back, entries);
  }

  @Test
  void jsonRoundTripGivesTheSameEntriesWithExactTimesAndDetailOrder() {
    List<AuditEntry> entries = awkwardEntries();

    List<AuditEntry> back = export.fromJson(export.toJson(entries));

    AuditExportTestSupport.assertSameEntries(back, entries);
  }

  @Test
  void csvStartsWithTheHeaderAndEndsEveryRecordWithCrlf() {
    String csv = export.toCsv(awkwardEntries().subList(1, 2));

    assertThat(csv)
        .isEqualTo(
            "seq,occurred_at,request_id,actor_id,actor_name,event_type,target,detail_json,prev_hash,hash\r\n"
                + "2,2026-12-01T10:00:01Z,,,,FAULT,,{},"
                + H1
                + ","
                + H2
                + "\r\n");
  }

  @Test
  void csvQuotesFieldsWithCommasQuotesAndNewlines() {
    String csv = export.toCsv(awkwardEntries().subList(0, 1));

    assertThat(csv).contains(",\"Alice, \"\"the\"\" Ops\nLead\",");
    assertThat(csv).contains(",R-42,U0ALICE,");
    assertThat(csv).contains(",acme/payments/prod,");
    assertThat(csv).contains("\"{\"\"zeta\"\":\"\"last key first: order matters\"\",");
    assertThat(csv).contains("\\nline two\\r\\nline three").doesNotContain("line one\nline two");
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAsAFormulaStartWithAQuote() {
    String csv = export.toCsv(awkwardEntries());

    assertThat(csv).contains(",'=cmd|' /C calc'!A0,");
    assertThat(csv).contains(",'\tTabbed,");
    assertThat(cellsOf(csv))
        .allSatisfy(cell -> assertThat(cell).doesNotStartWith("=").doesNotStartWith("@"))
        .allSatisfy(cell -> assertThat(cell).doesNotStartWith("+").doesNotStartWith("-"))
        .allSatisfy(cell -> assertThat(cell).doesNotStartWith("\t"));
  }

  @Test
  void aCellThatAlreadyStartsWithAQuoteKeepsItThroughTheRoundTrip() {
    List<AuditEntry> back = export.fromCsv(export.toCsv(awkwardEntries()));

    assertThat(back.get(3).event().detail()).containsEntry("line", "'quoted start");
    assertThat(back.get(2).event().detail()).containsEntry("quote", "'=already");
    assertThat(back.get(2).event().actor().orElseThrow().name()).isEqualTo("=cmd|' /C calc'!A0");
  }

  @Test
  void csvWithLfLineEndsAndAByteOrderMarkIsRead() {
    String csv =
        "\uFEFF"
            + AuditExport.HEADER
            + "\n"
            + "5,2026-12-01T10:00:00Z,R-9,U1,Ann,APPROVED,acme/payments/prod,"
            + "\"{\"\"roles\"\":\"\"[OPS]\"\"}\","
            + H1
            + ","
            + H2
            + "\n";

    List<AuditEntry> entries = export.fromCsv(csv);

    assertThat(entries).singleElement().satisfies(e -> assertThat(e.seq()).isEqualTo(5));
    assertThat(entries.get(0).event().detail()).containsExactly(Map.entry("roles", "[OPS]"));
  }

  @Test
  void jsonIsAnArrayOfObjectsWithTheHeaderFieldsAndTheDetailAsAnObject() {
    JsonNode root = JsonMapper.builder().build().readTree(export.toJson(awkwardEntries()));

    assertThat(root.isArray()).isTrue();
    assertThat(root.size()).isEqualTo(4);
    JsonNode first = root.get(0);
    assertThat(first.propertyNames())
        .containsExactly(
            "seq",
            "occurred_at",
            "request_id",
            "actor_id",
            "actor_name",
            "event_type",
            "target",
            "detail",
            "prev_hash",
            "hash");
    assertThat(first.get("seq").isIntegralNumber()).isTrue();
    assertThat(first.get("occurred_at").asString()).isEqualTo("2026-12-01T10:00:00.123456789Z");
    assertThat(first.get("request_id").asString()).isEqualTo("R-42");
    assertThat(first.get("detail").propertyNames())
        .containsExactly("zeta", "command", "multi", "unicode", "formula", "absent");
    assertThat(root.get(1).get("actor_id").isNull()).isTrue();
  }

  @Test
  void emptyExportsRoundTrip() {
    assertThat(export.fromCsv(export.toCsv(List.of()))).isEmpty();
    assertThat(export.fromJson(export.toJson(List.of()))).isEmpty();
  }

  @Test
  void csvWithoutTheHeaderIsRefusedSayingWhatWasExpected() {
    assertThatThrownBy(() -> export.fromCsv("seq,when\r\n1,2\r\n"))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining(AuditExport.HEADER);
  }

  @Test
  void csvWithAnUnclosedQuoteNamesTheLineWhereItOpened() {
    String csv = export.toCsv(awkwardEntries().subList(1, 2)) + "3,\"unclosed\r\n";

    assertThatThrownBy(() -> export.fromCsv(csv))
        .isInstanceOf(MalformedExportException.class)
        .hasMessage("line 3: a quoted field is not closed");
  }

  @Test
  void csvRecordWithTooFewFieldsNamesItsLine() {
    String csv = AuditExport.HEADER + "\r\n1,2026-12-01T10:00:00Z,R-1\r\n";

    assertThatThrownBy(() -> export.fromCsv(csv))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageStartingWith("line 2: expected 10 fields, found 3");
  }

  @Test
  void csvWithABadTimeNamesTheFieldAndShowsTheExpectedForm() {
    String csv =
        export.toCsv(awkwardEntries().subList(1, 2)).replace("2026-12-01T10:00:01Z", "yesterday");

    assertThatThrownBy(() -> export.fromCsv(csv))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageContaining("line 2: occurred_at `yesterday` is not an ISO-8601 instant");
  }

  @Test
  void csvWithAnUnknownEventTypeOrBadDetailIsRefused() {
    String base = export.toCsv(awkwardEntries().subList(1, 2));

    assertThatThrownBy(() -> export.fromCsv(base.replace("FAULT", "HACKED")))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageContaining("event_type `HACKED`");
    assertThatThrownBy(() -> export.fromCsv(base.replace(",{},", ",[],")))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageContaining("detail_json must be a JSON object");
  }

  @Test
  void jsonThatIsNotAnArrayOrMissesAFieldIsRefusedNamingTheElement() {
    assertThatThrownBy(() -> export.fromJson("{\"seq\":1}"))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageContaining("expected a JSON array");
    String json = export.toJson(awkwardEntries()).replace("\"prev_hash\"", "\"previous\"");
    assertThatThrownBy(() -> export.fromJson(json))
        .isInstanceOf(MalformedExportException.class)
        .hasMessage("element 0: the field prev_hash is missing");
    assertThatThrownBy(() -> export.fromJson("[{\"seq\":"))
        .isInstanceOf(MalformedExportException.class)
        .hasMessageStartingWith("not valid JSON");
  }

  /** Every cell of a CSV as written, quotes removed but neutralising prefixes kept. */
  private static List<String> cellsOf(String csv) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',' || c == '\n') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    return cells;
  }
}
