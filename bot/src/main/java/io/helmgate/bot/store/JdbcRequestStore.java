package io.helmgate.bot.store;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.Approval;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.Execution;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import io.helmgate.domain.values.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests and approvals in the {@code requests} and {@code approvals} tables, with optimistic
 * locking on {@code version}; each write appends its audit events in the same transaction.
 */
class JdbcRequestStore implements RequestStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Map<String, String>>> CHANGES = new TypeReference<>() {};
  private static final TypeReference<List<String>> BINDINGS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> OUTPUTS =
      new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AuditChain audit;
  private final String nextIdSql;

  JdbcRequestStore(JdbcTemplate jdbc, TransactionTemplate tx, boolean postgres) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = new AuditChain(jdbc);
    this.nextIdSql =
        postgres ? "SELECT nextval('request_number')" : "SELECT NEXT VALUE FOR request_number";
  }

  @Override
  public RequestId nextId() {
    return new RequestId(jdbc.queryForObject(nextIdSql, Long.class));
  }

  @Override
  public Request insert(Request request, List<AuditEvent> events) {
    Request stored = request.withVersion(0);
    tx.executeWithoutResult(
        status -> {
          audit.append(events);
          jdbc.update(
              "INSERT INTO requests (id, kind, customer, product, environment, requester_id,"
                  + " requester_name, reason, change_json, base_commit, source_env, rollback_to,"
                  + " scheduled_at, break_glass, state, digest, created_at, updated_at, expires_at,"
                  + " commit_id, outcome, channel_id, message_ts, version, approvals_required,"
                  + " bindings)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " ?, ?, ?)",
              stored.id().number(),
              stored.kind().name(),
              stored.target().customer(),
              stored.target().product(),
              stored.target().environment(),
              stored.requester().id(),
              stored.requester().name(),
              stored.reason().orElse(null),
              changeJson(stored.change()),
              stored.baseCommit(),
              stored.source().orElse(null),
              stored.restoreFrom().orElse(null),
              time(stored.scheduledAt()),
              stored.breakGlass(),
              stored.state().name(),
              stored.digest(),
              time(stored.createdAt()),
              time(stored.updatedAt()),
              time(stored.expiresAt()),
              stored.commitId().orElse(null),
              stored.outcome().orElse(null),
              stored.message().map(MessageRef::conversation).orElse(null),
              stored.message().map(MessageRef::id).orElse(null),
              0L,
              stored.approvalsRequired(),
              stored.bindings().isEmpty() ? null : JSON.writeValueAsString(stored.bindings()));
          insertApprovals(stored, Set.of());
        });
    return stored;
  }

  @Override
  public Request update(Request request, List<AuditEvent> events) {
    Request stored = request.withVersion(request.version() + 1);
    tx.executeWithoutResult(
        status -> {
          int rows =
              jdbc.update(
                  "UPDATE requests SET state = ?, scheduled_at = ?, updated_at = ?, commit_id = ?,"
                      + " execution_step = ?, execution_attempt = ?, execution_since = ?,"
                      + " execution_outputs = ?,"
                      + " outcome = ?, channel_id = ?, message_ts = ?, version = ?"
                      + " WHERE id = ? AND version = ?",
                  stored.state().name(),
                  time(stored.scheduledAt()),
                  time(stored.updatedAt()),
                  stored.commitId().orElse(null),
                  stored.execution().started() ? stored.execution().step() : null,
                  stored.execution().attempt(),
                  stored.execution().started() ? time(stored.execution().stepSince()) : null,
                  stored.execution().outputs().isEmpty()
                      ? null
                      : JSON.writeValueAsString(stored.execution().outputs()),
                  stored.outcome().orElse(null),
                  stored.message().map(MessageRef::conversation).orElse(null),
                  stored.message().map(MessageRef::id).orElse(null),
                  stored.version(),
                  stored.id().number(),
                  request.version());
          if (rows != 1) {
            throw new ConcurrentUpdateException(request.id());
          }
          Set<String> existing =
              new HashSet<>(
                  jdbc.queryForList(
                      "SELECT approver_id FROM approvals WHERE request_id = ?",
                      String.class,
                      stored.id().number()));
          insertApprovals(stored, existing);
          audit.append(events);
        });
    return stored;
  }

  @Override
  public Optional<Request> find(RequestId id) {
    List<Request> found = jdbc.query("SELECT * FROM requests WHERE id = ?", this::row, id.number());
    return found.stream().findFirst();
  }

  @Override
  public List<Request> findByState(Collection<RequestState> states) {
    if (states.isEmpty()) {
      return List.of();
    }
    String marks = states.stream().map(s -> "?").collect(Collectors.joining(", "));
    return jdbc.query(
        "SELECT * FROM requests WHERE state IN (" + marks + ") ORDER BY id",
        this::row,
        states.stream().map(Enum::name).toArray());
  }

  @Override
  public List<Request> recent(Target target, int limit) {
    return jdbc.query(
        "SELECT * FROM requests WHERE customer = ? AND product = ? AND environment = ?"
            + " ORDER BY id DESC LIMIT ?",
        this::row,
        target.customer(),
        target.product(),
        target.environment(),
        limit);
  }

  private void insertApprovals(Request request, Set<String> existing) {
    for (Approval a : request.approvals()) {
      if (existing.contains(a.approver().id())) {
        continue;
      }
      jdbc.update(
          "INSERT INTO approvals (request_id, approver_id, approver_name, decision, roles, comment,"
              + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          request.id().number(),
          a.approver().id(),
          a.approver().name(),
          a.verdict().name(),
          a.rolesAtTheTime().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
          a.comment().orElse(null),
          time(a.at()));
    }
  }

  private Request row(ResultSet rs, int n) throws SQLException {
    long id = rs.getLong("id");
    String channel = rs.getString("channel_id");
    return new Request(
        new RequestId(id),
        RequestKind.valueOf(rs.getString("kind")),
        new Target(rs.getString("customer"), rs.getString("product"), rs.getString("environment")),
        new UserRef(rs.getString("requester_id"), rs.getString("requester_name")),
        Optional.ofNullable(rs.getString("reason")),
        Optional.ofNullable(rs.getString("source_env")),
        Optional.ofNullable(rs.getString("rollback_to")),
        parseChange(rs.getString("change_json")),
        rs.getString("base_commit"),
        instant(rs, "scheduled_at"),
        rs.getBoolean("break_glass"),
        RequestState.valueOf(rs.getString("state")),
        approvals(id),
        rs.getInt("approvals_required"),
        rs.getString("digest"),
        instant(rs, "created_at").orElseThrow(),
        instant(rs, "updated_at").orElseThrow(),
        instant(rs, "expires_at"),
        execution(rs),
        Optional.ofNullable(rs.getString("outcome")),
        channel == null
            ? Optional.empty()
            : Optional.of(new MessageRef(channel, rs.getString("message_ts"))),
        rs.getLong("version"),
        bindings(rs.getString("bindings")));
  }

  /**
   * The execution as stored; a request executed before V6 has only {@code commit_id}, which becomes
   * its one output.
   */
  private static Execution execution(ResultSet rs) throws SQLException {
    String step = rs.getString("execution_step");
    String outputs = rs.getString("execution_outputs");
    Map<String, String> values = new LinkedHashMap<>();
    if (outputs != null) {
      values.putAll(JSON.readValue(outputs, OUTPUTS));
    }
    String commit = rs.getString("commit_id");
    if (commit != null) {
      values.putIfAbsent(Execution.COMMIT, commit);
    }
    if (step == null && values.isEmpty()) {
      return Execution.NOT_STARTED;
    }
    return new Execution(
        step == null ? "" : step,
        rs.getInt("execution_attempt"),
        instant(rs, "execution_since").orElse(Instant.EPOCH),
        values);
  }

  private static List<String> bindings(String json) {
    return json == null ? List.of() : JSON.readValue(json, BINDINGS);
  }

  private List<Approval> approvals(long requestId) {
    return jdbc.query(
        "SELECT * FROM approvals WHERE request_id = ? ORDER BY decided_at, approver_id",
        (rs, n) ->
            new Approval(
                new UserRef(rs.getString("approver_id"), rs.getString("approver_name")),
                Approval.Verdict.valueOf(rs.getString("decision")),
                roles(rs.getString("roles")),
                Optional.ofNullable(rs.getString("comment")),
                instant(rs, "decided_at").orElseThrow()),
        requestId);
  }

  private static Set<Role> roles(String csv) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(csv.split(",")).map(Role::valueOf).collect(Collectors.toSet());
  }

  /**
   * The key changes as a JSON array of {@code {key, old, new}}; with a file diff, an object {@code
   * {changes: [...], fileDiff: [lines]}} (rows written before file diffs existed stay arrays).
   */
  static String changeJson(ChangeSet change) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (ValueChange c : change.changes()) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("key", c.key().toString());
      row.put("old", c.oldValue());
      row.put("new", c.newValue());
      if (c.isTyped()) {
        row.put("old_type", c.oldType().name());
        row.put("new_type", c.newType().name());
      }
      rows.add(row);
    }
    if (change.fileDiff().isEmpty()) {
      return JSON.writeValueAsString(rows);
    }
    Map<String, Object> whole = new LinkedHashMap<>();
    whole.put("changes", rows);
    whole.put("fileDiff", change.fileDiff());
    return JSON.writeValueAsString(whole);
  }

  static ChangeSet parseChange(String json) {
    if (json.stripLeading().startsWith("{")) {
      ChangeJson whole = JSON.readValue(json, ChangeJson.class);
      return new ChangeSet(changes(whole.changes()), whole.fileDiff());
    }
    return new ChangeSet(changes(JSON.readValue(json, CHANGES)));
  }

  private record ChangeJson(List<Map<String, String>> changes, List<String> fileDiff) {}

  private static List<ValueChange> changes(List<Map<String, String>> rows) {
    List<ValueChange> changes = new ArrayList<>();
    for (Map<String, String> row : rows) {
      changes.add(
          new ValueChange(
              KeyPath.of(row.get("key")),
              row.get("old"),
              row.get("new"),
              ValueType.valueOf(row.getOrDefault("old_type", ValueType.AS_SET.name())),
              ValueType.valueOf(row.getOrDefault("new_type", ValueType.AS_SET.name()))));
    }
    return changes;
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static OffsetDateTime time(Optional<Instant> instant) {
    return instant.map(JdbcRequestStore::time).orElse(null);
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
  }
}
