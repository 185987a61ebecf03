package io.helmgate.bot.audit;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.request.AuditEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes audit entries as CSV (RFC 4180) or JSON for auditors, and reads such files back to the
 * very same entries, so an export can be re-verified or compared with the live trail.
 *
 * <p>Both formats have the same fields: {@value #HEADER}. Times are ISO-8601 instants in UTC with
 * the stored precision; {@code request_id} is {@code R-42}; {@code target} is {@code
 * customer/product/environment}; {@code detail_json} (in JSON: {@code detail}) is an object of
 * strings in its recorded order. An absent value is an empty CSV cell or a JSON {@code null}.
 *
 * <p>CSV cells that a spreadsheet would run as a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return) are written with a leading {@code '}; so that this
 * stays reversible, a cell that itself starts with {@code '} gets one too. {@link #fromCsv} drops
 * exactly one leading {@code '} from every cell that has one.
 */
public final class AuditExport {

  /** The CSV header line, and the field names of the JSON objects. */
  public static final String HEADER =
      "seq,occurred_at,request_id,actor_id,actor_name,event_type,target,detail_json,prev_hash,hash";

  private static final List<String> COLUMNS = List.of(HEADER.split(","));
  private static final String JSON_DETAIL = "detail";
  private static final String FORMULA_STARTS = "=+-@\t\r'";
  private static final JsonMapper COMPACT = JsonMapper.builder().build();
  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The entries as CSV: a header line, then one record per entry, lines ended by CRLF. */
  public String toCsv(List<AuditEntry> entries) {
    StringBuilder out = new StringBuilder();
    writeRecord(out, COLUMNS);
    for (AuditEntry entry : entries) {
      List<String> cells = new ArrayList<>(COLUMNS.size());
      cells.add(Long.toString(entry.seq()));
      cells.add(entry.event().at().toString());
      cells.add(entry.event().requestId().map(RequestId::toString).orElse(""));
      cells.add(entry.event().actor().map(UserRef::id).orElse(""));
      cells.add(entry.event().actor().map(UserRef::name).orElse(""));
      cells.add(entry.event().type().name());
      cells.add(entry.event().target().map(AuditExport::targetKey).orElse(""));
      cells.add(COMPACT.writeValueAsString(entry.event().detail()));
      cells.add(entry.previousHash());
      cells.add(entry.hash());
      writeRecord(out, cells);
    }
    return out.toString();
  }

  /**
   * Reads what {@link #toCsv} wrote (a UTF-8 byte-order mark and LF line ends are accepted too).
   *
   * @throws MalformedExportException naming the line and field that cannot be read
   */
  public List<AuditEntry> fromCsv(String csv) {
    String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
    List<CsvRecord> records = CsvRecord.parse(text);
    if (records.isEmpty() || !records.get(0).cells().equals(COLUMNS)) {
      throw new MalformedExportException(
          "line 1: expected the header `" + HEADER + "`; is this a Helmgate audit export?");
    }
    List<AuditEntry> entries = new ArrayList<>();
    for (CsvRecord record : records.subList(1, records.size())) {
      String where = "line " + record.line();
      if (record.cells().size() != COLUMNS.size()) {
        throw new MalformedExportException(
            where
                + ": expected "
                + COLUMNS.size()
                + " fields, found "
                + record.cells().size()
                + " (a quote not closed, or a comma too many?)");
      }
      List<String> cells = record.cells().stream().map(AuditExport::unneutralise).toList();
      entries.add(
          entry(
              where,
              cells.get(0),
              cells.get(1),
              blankToNull(cells.get(2)),
              blankToNull(cells.get(3)),
              blankToNull(cells.get(4)),
              cells.get(5),
              blankToNull(cells.get(6)),
              detailFromJson(where, "detail_json", cells.get(7)),
              cells.get(8),
              cells.get(9)));
    }
    return entries;
  }

  /** The entries as a JSON array of objects, one per entry, with the fields of {@link #HEADER}. */
  public String toJson(List<AuditEntry> entries) {
    ArrayNode array = COMPACT.createArrayNode();
    for (AuditEntry entry : entries) {
      ObjectNode o = array.addObject();
      o.put("seq", entry.seq());
      o.put("occurred_at", entry.event().at().toString());
      o.put("request_id", entry.event().requestId().map(RequestId::toString).orElse(null));
      o.put("actor_id", entry.event().actor().map(UserRef::id).orElse(null));
      o.put("actor_name", entry.event().actor().map(UserRef::name).orElse(null));
      o.put("event_type", entry.event().type().name());
      o.put("target", entry.event().target().map(AuditExport::targetKey).orElse(null));
      ObjectNode detail = o.putObject(JSON_DETAIL);
      entry.event().detail().forEach(detail::put);
      o.put("prev_hash", entry.previousHash());
      o.put("hash", entry.hash());
    }
    return PRETTY.writeValueAsString(array);
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws MalformedExportException naming the element and field that cannot be read
   */
  public List<AuditEntry> fromJson(String json) {
    JsonNode root;
    try {
      root = COMPACT.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedExportException("not valid JSON: " + e.getOriginalMessage() + at(e), e);
    }
    if (root == null || !root.isArray()) {
      throw new MalformedExportException(
          "expected a JSON array of audit entries; is this a Helmgate audit export?");
    }
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode o = root.get(i);
      String where = "element " + i;
      if (!o.isObject()) {
        throw new MalformedExportException(where + ": expected an object");
      }
      JsonNode seq = required(o, where, "seq");
      if (!seq.isIntegralNumber() || !seq.canConvertToLong()) {
        throw new MalformedExportException(where + ": seq must be a whole number");
      }
      entries.add(
          entry(
              where,
              Long.toString(seq.longValue()),
              text(o, where, "occurred_at", false),
              text(o, where, "request_id", true),
              text(o, where, "actor_id", true),
              text(o, where, "actor_name", true),
              text(o, where, "event_type", false),
              text(o, where, "target", true),
              detailFromNode(where, JSON_DETAIL, required(o, where, JSON_DETAIL)),
              text(o, where, "prev_hash", false),
              text(o, where, "hash", false)));
    }
    return entries;
  }

  private static AuditEntry entry(
      String where,
      String seq,
      String occurredAt,
      String requestId,
      String actorId,
      String actorName,
      String type,
      String target,
      Map<String, String> detail,
      String previousHash,
      String hash) {
    long number;
    try {
      number = Long.parseLong(seq);
    } catch (NumberFormatException e) {
      throw new MalformedExportException(where + ": seq `" + seq + "` is not a whole number");
    }
    Instant at;
    try {
      at = Instant.parse(occurredAt);
    } catch (DateTimeParseException e) {
      throw new MalformedExportException(
          where
              + ": occurred_at `"
              + occurredAt
              + "` is not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
    Optional<RequestId> request = Optional.empty();
    if (requestId != null) {
      request = RequestId.parse(requestId);
      if (request.isEmpty()) {
        throw new MalformedExportException(
            where + ": request_id `" + requestId + "` is not a request id such as R-42");
      }
    }
    if (actorId == null && actorName != null) {
      throw new MalformedExportException(where + ": actor_name is given without actor_id");
    }
    AuditEvent.Type eventType;
    try {
      eventType = AuditEvent.Type.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new MalformedExportException(
          where + ": event_type `" + type + "` is not one Helmgate records");
    }
    return new AuditEntry(
        number,
        new AuditEvent(
            eventType,
            at,
            request,
            Optional.ofNullable(actorId).map(id -> new UserRef(id, actorName)),
            Optional.ofNullable(target).map(t -> parseTarget(where, t)),
            detail),
        previousHash,
        hash);
  }

  static String targetKey(Target target) {
    return target.app() + "/" + target.environment();
  }

  private static Target parseTarget(String where, String key) {
    String[] parts = key.split("/", -1);
    try {
      if (parts.length == 3) {
        return new Target(parts[0], parts[1], parts[2]);
      }
    } catch (IllegalArgumentException e) {
      // reported below with the position
    }
    throw new MalformedExportException(
        where + ": target `" + key + "` is not customer/product/environment");
  }

  private static Map<String, String> detailFromJson(String where, String field, String json) {
    JsonNode node;
    try {
      node = COMPACT.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedExportException(
          where + ": " + field + " is not valid JSON: " + e.getOriginalMessage() + at(e), e);
    }
    return detailFromNode(where, field, node);
  }

  private static Map<String, String> detailFromNode(String where, String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new MalformedExportException(where + ": " + field + " must be a JSON object");
    }
    Map<String, String> detail = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode value = e.getValue();
      if (!value.isString() && !value.isNull()) {
        throw new MalformedExportException(
            where + ": " + field + "." + e.getKey() + " must be a string");
      }
      detail.put(e.getKey(), value.isNull() ? null : value.stringValue());
    }
    return detail;
  }

  private static String at(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static JsonNode required(JsonNode o, String where, String field) {
    JsonNode value = o.get(field);
    if (value == null) {
      throw new MalformedExportException(where + ": the field " + field + " is missing");
    }
    return value;
  }

  private static String text(JsonNode o, String where, String field, boolean nullable) {
    JsonNode value = required(o, where, field);
    if (value.isNull() && nullable) {
      return null;
    }
    if (!value.isString()) {
      throw new MalformedExportException(
          where + ": " + field + " must be a string" + (nullable ? " or null" : ""));
    }
    return value.stringValue();
  }

  private static String blankToNull(String cell) {
    return cell.isEmpty() ? null : cell;
  }

  private static void writeRecord(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quoted(neutralise(cells.get(i))));
    }
    out.append("\r\n");
  }

  // A spreadsheet runs a cell starting with = + - @ (or tab/CR before one) as a formula.
  private static String neutralise(String cell) {
    return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }

  private static String unneutralise(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }

  private static String quoted(String cell) {
    boolean needsQuotes =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0;
    return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }

  /** One CSV record and the line it starts on. */
  private record CsvRecord(int line, List<String> cells) {

    static List<CsvRecord> parse(String text) {
      List<CsvRecord> records = new ArrayList<>();
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      int line = 1;
      int recordLine = 1;
      int i = 0;
      int n = text.length();
      boolean atRecordStart = true;
      while (i < n) {
        atRecordStart = false;
        char c = text.charAt(i);
        if (c == '"' && cell.length() == 0) {
          int quoteLine = line;
          i++;
          while (true) {
            if (i >= n) {
              throw new MalformedExportException(
                  "line " + quoteLine + ": a quoted field is not closed");
            }
            char q = text.charAt(i);
            if (q == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                cell.append('"');
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (q == '\n') {
              line++;
            }
            cell.append(q);
            i++;
          }
          if (i < n && ",\r\n".indexOf(text.charAt(i)) < 0) {
            throw new MalformedExportException(
                "line " + line + ": text after a closing quote; quotes inside a field are doubled");
          }
          continue;
        }
        if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
          i++;
        } else if (c == '\r' || c == '\n') {
          cells.add(cell.toString());
          cell.setLength(0);
          records.add(new CsvRecord(recordLine, List.copyOf(cells)));
          cells.clear();
          i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
          line++;
          recordLine = line;
          atRecordStart = true;
        } else if (c == '"') {
          throw new MalformedExportException(
              "line " + line + ": a quote inside an unquoted field; such fields must be quoted");
        } else {
          cell.append(c);
          i++;
        }
      }
      if (!atRecordStart) {
        cells.add(cell.toString());
        records.add(new CsvRecord(recordLine, List.copyOf(cells)));
      }
      return records;
    }
  }
}
