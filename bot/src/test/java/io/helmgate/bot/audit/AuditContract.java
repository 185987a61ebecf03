package io.helmgate.bot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.bot.store.StoreConfiguration;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.port.Trailer;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.service.Outcome;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import io.helmgate.domain.values.ValueChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A realistic trail written through the real JDBC stores (an approved and succeeded request, a
 * rejected one, a scheduled one and a break-glass one) exports, parses back, verifies, and yields
 * complete evidence; on every database Helmgate supports.
 */
abstract class AuditContract {

  static final UserRef ALICE = new UserRef("U0ALICE", "Alice Ops");
  static final UserRef BOB = new UserRef("U0BOB", "Bob Ops");
  static final UserRef CAROL = new UserRef("U0CAROL", "Carol Ops");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final String BASE = "0123456789abcdef0123456789abcdef01234567";
  static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
  static final String BREAK_GLASS_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
  static final String OLD_SECRET = "old-Hunter2-not-a-real-password";
  static final String NEW_SECRET = "new-Hunter3-not-a-real-password";
  static final MessageRef MESSAGE = new MessageRef("C0DEPLOYS", "1733050000.123456");
  static final Instant GENERATED = Instant.parse("2026-12-02T09:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();

  DataSource dataSource;
  RequestStore requests;
  AuditTrail audit;
  Instant now = Instant.parse("2026-12-01T10:00:00.123456Z");
  final AuditExport export = new AuditExport();
  final EvidencePack pack =
      new EvidencePack(
          Redaction.defaults(),
          Optional.of("https://acme.slack.com/archives/"),
          Clock.fixed(GENERATED, ZoneOffset.UTC));

  Request approved;
  ValuesHistoryEntry approvedCommit;
  Request rejected;
  Request scheduled;
  Request breakGlass;
  ValuesHistoryEntry breakGlassCommit;

  abstract DataSource newDatabase();

  @BeforeEach
  void writeARealisticTrail() {
    dataSource = newDatabase();
    StoreConfiguration.Stores stores =
        StoreConfiguration.create(dataSource, new DataSourceTransactionManager(dataSource));
    requests = stores.requests();
    audit = stores.audit();

    approved = approvedAndSucceeded();
    audit.append(List.of(unrelatedRefusal()));
    rejected = rejectedByBob();
    scheduled = scheduledForTheWindow();
    breakGlass = breakGlassThatFailed();
  }

  // --- the trail ---

  @Test
  void everyScenarioLeavesItsEntriesInOrder() {
    assertThat(types(approved))
        .containsExactly(
            Type.REQUESTED,
            Type.DECIDED,
            Type.REFUSED,
            Type.APPROVED,
            Type.TRANSITION,
            Type.TRANSITION,
            Type.COMMITTING,
            Type.COMMITTED,
            Type.SYNC_STARTED,
            Type.SYNC_PHASE,
            Type.SYNC_FINISHED,
            Type.TRANSITION);
    assertThat(types(rejected))
        .containsExactly(Type.REQUESTED, Type.DECIDED, Type.REJECTED, Type.TRANSITION);
    assertThat(types(scheduled))
        .containsExactly(
            Type.REQUESTED, Type.DECIDED, Type.APPROVED, Type.TRANSITION, Type.TRANSITION);
    assertThat(types(breakGlass))
        .containsExactly(
            Type.REQUESTED,
            Type.DECIDED,
            Type.TRANSITION,
            Type.COMMITTING,
            Type.COMMITTED,
            Type.SYNC_STARTED,
            Type.SYNC_PHASE,
            Type.SYNC_FINISHED,
            Type.TRANSITION);
    List<AuditEntry> all = audit.entries(AuditTrail.Query.all());
    assertThat(all).extracting(AuditEntry::seq).containsExactlyElementsOf(seqs(1, 31));
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void csvExportOfTheWholeTrailParsesBackToTheSameEntries() {
    List<AuditEntry> all = audit.entries(AuditTrail.Query.all());

    List<AuditEntry> back = export.fromCsv(export.toCsv(all));

    AuditExportTestSupport.assertSameEntries(back, all);
  }

  @Test
  void jsonExportOfTheWholeTrailParsesBackToTheSameEntries() {
    List<AuditEntry> all = audit.entries(AuditTrail.Query.all());

    List<AuditEntry> back = export.fromJson(export.toJson(all));

    AuditExportTestSupport.assertSameEntries(back, all);
  }

  @Test
  void aFilteredExportParsesBackToTheSameEntries() {
    List<AuditEntry> scoped =
        audit.entries(
            new AuditTrail.Query(
                Optional.of("acme/payments/prod"),
                Optional.empty(),
                Optional.of(rejected.createdAt())));

    assertThat(scoped)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.event().at()).isAfterOrEqualTo(rejected.createdAt()));
    AuditExportTestSupport.assertSameEntries(export.fromCsv(export.toCsv(scoped)), scoped);
    AuditExportTestSupport.assertSameEntries(export.fromJson(export.toJson(scoped)), scoped);
  }

  @Test
  void anExportOfTheWholeTrailCarriesTheChainFromGenesisToTheHead() {
    List<AuditEntry> back = export.fromCsv(export.toCsv(audit.entries(AuditTrail.Query.all())));

    String previous = AuditExportTestSupport.GENESIS;
    for (AuditEntry e : back) {
      assertThat(e.previousHash()).as("link of seq %d", e.seq()).isEqualTo(previous);
      previous = e.hash();
    }
    assertThat(previous)
        .isEqualTo(
            new JdbcTemplate(dataSource)
                .queryForObject("SELECT hash FROM audit_head WHERE id = 1", String.class)
                .trim());
  }

  // --- tampering ---

  @Test
  void changingWhoApprovedIsDetectedAndTheEvidenceShowsTheChainBroken() {
    long seq = seqOf(approved, Type.APPROVED);

    new JdbcTemplate(dataSource)
        .update(
            "UPDATE audit_log SET actor_id = 'U0MALLORY', actor_name = 'Mallory' WHERE seq = ?",
            seq);

    AuditTrail.Verification v = audit.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).contains(seq);
    assertThat(v.message()).contains("altered");
    JsonNode evidence = packOf(approved, Optional.of(approvedCommit));
    assertThat(evidence.at("/chain/intact").booleanValue()).isFalse();
    assertThat(evidence.at("/chain/first_broken_seq").longValue()).isEqualTo(seq);
    assertThat(evidence.at("/chain/message").stringValue()).contains("altered");
    for (JsonNode entry : evidence.at("/audit_entries")) {
      assertThat(entry.get("chain_verified").booleanValue())
          .as("seq %d", entry.get("seq").longValue())
          .isEqualTo(entry.get("seq").longValue() < seq);
    }
    assertThat(pack.summary(evidence(approved, Optional.of(approvedCommit))))
        .contains("Chain:       BROKEN at entry " + seq);
  }

  @Test
  void changingAnyStoredColumnOfAnEntryIsDetectedAtThatEntry() {
    long seq = seqOf(rejected, Type.REJECTED);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Map<String, String> tampering = new LinkedHashMap<>();
    tampering.put("occurred_at", "occurred_at + INTERVAL '1' SECOND");
    tampering.put("request_id", "request_id + 1");
    tampering.put("actor_name", "'Someone Else'");
    tampering.put("event_type", "'APPROVED'");
    tampering.put("target", "'acme/payments/qa'");
    tampering.put("detail", "'{\"roles\":\"[OPS]\"}'");
    tampering.put("prev_hash", "'" + "f".repeat(64) + "'");
    tampering.put("hash", "'" + "e".repeat(64) + "'");

    for (Map.Entry<String, String> t : tampering.entrySet()) {
      Object original =
          jdbc.queryForObject(
              "SELECT " + t.getKey() + " FROM audit_log WHERE seq = ?", Object.class, seq);
      jdbc.update(
          "UPDATE audit_log SET " + t.getKey() + " = " + t.getValue() + " WHERE seq = ?", seq);

      AuditTrail.Verification v = audit.verify();

      assertThat(v.firstBrokenSeq()).as("tampered %s", t.getKey()).contains(seq);
      jdbc.update("UPDATE audit_log SET " + t.getKey() + " = ? WHERE seq = ?", original, seq);
      assertThat(audit.verify().intact()).as("restored %s", t.getKey()).isTrue();
    }
  }

  @Test
  void rewindingTheHeadIsDetectedAndTheNextAppendFailsInsteadOfForkingTheChain() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    String secondNewest =
        jdbc.queryForObject("SELECT hash FROM audit_log WHERE seq = 30", String.class);

    jdbc.update("UPDATE audit_head SET seq = 30, hash = ? WHERE id = 1", secondNewest);

    AuditTrail.Verification v = audit.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.message()).contains("chain head does not match");
    assertThatThrownBy(() -> audit.append(List.of(unrelatedRefusal())))
        .isInstanceOf(DataAccessException.class);
    assertThat(audit.entries(AuditTrail.Query.all())).hasSize(31);
  }

  @Test
  void pointingTheHeadElsewhereIsDetected() {
    new JdbcTemplate(dataSource)
        .update("UPDATE audit_head SET hash = ? WHERE id = 1", "f".repeat(64));

    assertThat(audit.verify().intact()).isFalse();
  }

  // --- evidence ---

  @Test
  void evidenceForAnApprovedAndSucceededRequestIsComplete() {
    Request stored = requests.find(approved.id()).orElseThrow();
    JsonNode e = packOf(approved, Optional.of(approvedCommit));

    assertThat(e.get("schema").stringValue()).isEqualTo("helmgate-evidence/1");
    assertThat(e.get("generated_at").stringValue()).isEqualTo(GENERATED.toString());
    assertThat(e.at("/request/id").stringValue()).isEqualTo(approved.id().toString());
    assertThat(e.at("/request/kind").stringValue()).isEqualTo("DEPLOY");
    assertThat(e.at("/request/target/customer").stringValue()).isEqualTo("acme");
    assertThat(e.at("/request/target/product").stringValue()).isEqualTo("payments");
    assertThat(e.at("/request/target/environment").stringValue()).isEqualTo("prod");
    assertThat(e.at("/request/requester/id").stringValue()).isEqualTo("U0ALICE");
    assertThat(e.at("/request/requester/name").stringValue()).isEqualTo("Alice Ops");
    assertThat(e.at("/request/reason").stringValue()).isEqualTo("CHG-1234 monthly release");
    assertThat(e.at("/request/change/0/key").stringValue()).isEqualTo("image.tag");
    assertThat(e.at("/request/change/0/old").stringValue()).isEqualTo("1.4.1");
    assertThat(e.at("/request/change/0/new").stringValue()).isEqualTo("1.4.2");
    assertThat(e.at("/request/change/0/redacted").booleanValue()).isFalse();
    assertThat(e.at("/request/change/1/key").stringValue()).isEqualTo("db.password");
    assertThat(e.at("/request/change/1/old").stringValue()).isEqualTo(Redaction.MASK);
    assertThat(e.at("/request/change/1/new").stringValue()).isEqualTo(Redaction.MASK);
    assertThat(e.at("/request/change/1/redacted").booleanValue()).isTrue();
    assertThat(e.at("/request/change_summary").stringValue())
        .isEqualTo("image.tag 1.4.1 → 1.4.2, db.password ••• (changed)");
    assertThat(e.at("/request/digest").stringValue()).isEqualTo(approved.digest()).hasSize(64);
    assertThat(e.at("/request/base_commit").stringValue()).isEqualTo(BASE);
    assertThat(e.at("/request/scheduled_at").isNull()).isTrue();
    assertThat(e.at("/request/break_glass").booleanValue()).isFalse();
    assertThat(e.at("/request/approvals_required").intValue()).isEqualTo(1);

    assertThat(e.at("/policy_decision/rule").stringValue()).isEqualTo("prod-approval");
    assertThat(e.at("/policy_decision/verdict").stringValue()).isEqualTo("NEEDS_APPROVAL");
    assertThat(e.at("/policy_decision/message").stringValue())
        .isEqualTo("prod needs 1 approval from OPS.");
    assertThat(e.at("/policy_decision/audit_seq").longValue())
        .isEqualTo(seqOf(approved, Type.DECIDED));
    assertThat(e.at("/refusals/0/rule").stringValue()).isEqualTo("four-eyes");
    assertThat(e.at("/refusals/0/actor/id").stringValue()).isEqualTo("U0ALICE");

    assertThat(e.at("/approvals").size()).isEqualTo(1);
    assertThat(e.at("/approvals/0/approver/id").stringValue()).isEqualTo("U0BOB");
    assertThat(e.at("/approvals/0/at").stringValue())
        .isEqualTo(stored.approvals().get(0).at().toString());
    assertThat(e.at("/approvals/0/roles_at_the_time").toString()).isEqualTo("[\"OPS\"]");
    assertThat(e.at("/approvals/0/audit_seq").longValue())
        .isEqualTo(seqOf(approved, Type.APPROVED));
    assertThat(e.at("/rejections").size()).isZero();

    assertThat(e.at("/commit/id").stringValue()).isEqualTo(COMMIT);
    assertThat(e.at("/commit/found_in_history").booleanValue()).isTrue();
    assertThat(e.at("/commit/parent").stringValue()).isEqualTo(BASE);
    assertThat(e.at("/commit/trailers").valueStream().map(t -> t.get("key").stringValue()))
        .containsExactly("Requested-by", "Approved-by", "Helmgate-Request");
    assertThat(e.at("/commit/trailers/1/value").stringValue()).isEqualTo("Bob Ops U0BOB");
    assertThat(e.at("/commit/trailers/2/value").stringValue()).isEqualTo(approved.id().toString());

    assertThat(e.at("/deployment/events").valueStream().map(t -> t.get("type").stringValue()))
        .containsExactly("SYNC_STARTED", "SYNC_PHASE", "SYNC_FINISHED");
    assertThat(e.at("/deployment/events/1/detail/health").stringValue()).isEqualTo("Progressing");
    assertThat(e.at("/deployment/final_result").stringValue()).isEqualTo("Healthy");
    assertThat(e.at("/final/state").stringValue()).isEqualTo("SUCCEEDED");
    assertThat(e.at("/final/terminal").booleanValue()).isTrue();
    assertThat(e.at("/final/outcome").stringValue()).isEqualTo("Synced and Healthy.");

    assertThat(e.at("/slack/conversation").stringValue()).isEqualTo("C0DEPLOYS");
    assertThat(e.at("/slack/ts").stringValue()).isEqualTo("1733050000.123456");
    assertThat(e.at("/slack/permalink").stringValue())
        .isEqualTo("https://acme.slack.com/archives/C0DEPLOYS/p1733050000123456");

    List<AuditEntry> trail = audit.entries(AuditTrail.Query.request(approved.id()));
    assertThat(e.at("/audit_entries").valueStream().map(n -> n.get("seq").longValue()))
        .containsExactlyElementsOf(trail.stream().map(AuditEntry::seq).toList());
    assertThat(e.at("/audit_entries").valueStream().map(n -> n.get("hash").stringValue()))
        .containsExactlyElementsOf(trail.stream().map(AuditEntry::hash).toList());
    assertThat(e.at("/audit_entries").valueStream().map(n -> n.get("prev_hash").stringValue()))
        .containsExactlyElementsOf(trail.stream().map(AuditEntry::previousHash).toList());
    assertThat(
            e.at("/audit_entries").valueStream().map(n -> n.get("chain_verified").booleanValue()))
        .containsOnly(true);
    assertThat(e.at("/chain/intact").booleanValue()).isTrue();
    assertThat(e.at("/chain/entries_checked").longValue()).isEqualTo(31);
    assertThat(e.at("/chain/first_broken_seq").isNull()).isTrue();
  }

  @Test
  void evidenceForARejectedRequestIsComplete() {
    JsonNode e = packOf(rejected, Optional.empty());

    assertThat(e.at("/request/id").stringValue()).isEqualTo(rejected.id().toString());
    assertThat(e.at("/request/change/0/key").stringValue()).isEqualTo("replicaCount");
    assertThat(e.at("/request/change/0/new").stringValue()).isEqualTo("5");
    assertThat(e.at("/policy_decision/verdict").stringValue()).isEqualTo("NEEDS_APPROVAL");
    assertThat(e.at("/approvals").size()).isZero();
    assertThat(e.at("/rejections").size()).isEqualTo(1);
    assertThat(e.at("/rejections/0/approver/id").stringValue()).isEqualTo("U0BOB");
    assertThat(e.at("/rejections/0/roles_at_the_time").toString()).isEqualTo("[\"OPS\"]");
    assertThat(e.at("/rejections/0/comment").stringValue()).isEqualTo("not during month-end close");
    assertThat(e.at("/rejections/0/audit_seq").longValue())
        .isEqualTo(seqOf(rejected, Type.REJECTED));
    assertThat(e.get("commit").isNull()).isTrue();
    assertThat(e.at("/deployment/events").size()).isZero();
    assertThat(e.at("/deployment/final_result").isNull()).isTrue();
    assertThat(e.at("/final/state").stringValue()).isEqualTo("REJECTED");
    assertThat(e.at("/final/outcome").stringValue())
        .isEqualTo("rejected by Bob Ops: not during month-end close");
    assertThat(e.at("/slack/permalink").stringValue())
        .isEqualTo("https://acme.slack.com/archives/C0DEPLOYS/p1733050100000200");
    assertThat(e.at("/audit_entries").size()).isEqualTo(4);
    assertThat(e.at("/chain/intact").booleanValue()).isTrue();
  }

  @Test
  void evidenceForAScheduledRequestIsComplete() {
    JsonNode e = packOf(scheduled, Optional.empty());

    assertThat(e.at("/request/scheduled_at").stringValue()).isEqualTo("2026-12-01T22:00:00Z");
    assertThat(e.at("/policy_decision/schedule").stringValue())
        .isEqualTo("AT 2026-12-01T22:00:00Z");
    assertThat(e.at("/approvals/0/approver/id").stringValue()).isEqualTo("U0CAROL");
    assertThat(e.at("/approvals/0/roles_at_the_time").toString())
        .isEqualTo("[\"AUDITOR\",\"OPS\"]");
    assertThat(e.get("commit").isNull()).isTrue();
    assertThat(e.at("/deployment/events").size()).isZero();
    assertThat(e.at("/final/state").stringValue()).isEqualTo("SCHEDULED");
    assertThat(e.at("/final/terminal").booleanValue()).isFalse();
    assertThat(e.at("/audit_entries/4/detail/to").stringValue()).isEqualTo("SCHEDULED");
    assertThat(e.at("/audit_entries/4/detail/why").stringValue())
        .isEqualTo("scheduled for 2026-12-01T22:00:00Z");
  }

  @Test
  void evidenceForABreakGlassRequestIsComplete() {
    JsonNode e = packOf(breakGlass, Optional.of(breakGlassCommit));

    assertThat(e.at("/request/break_glass").booleanValue()).isTrue();
    assertThat(e.at("/request/approvals_required").intValue()).isZero();
    assertThat(e.at("/request/reason").stringValue()).isEqualTo("INC-77 outage");
    assertThat(e.at("/policy_decision/rule").stringValue()).isEqualTo("break-glass");
    assertThat(e.at("/policy_decision/verdict").stringValue()).isEqualTo("ALLOWED");
    assertThat(e.at("/approvals").size()).isZero();
    assertThat(e.at("/request/change/1/key").stringValue()).isEqualTo("api.token");
    assertThat(e.at("/request/change/1/new").stringValue()).isEqualTo(Redaction.MASK);
    assertThat(e.at("/commit/id").stringValue()).isEqualTo(BREAK_GLASS_COMMIT);
    assertThat(e.at("/commit/trailers").valueStream().map(t -> t.get("key").stringValue()))
        .containsExactly("Requested-by", "Helmgate-Request", "Helmgate-Break-Glass");
    assertThat(e.at("/deployment/final_result").stringValue()).isEqualTo("Failed/Degraded");
    assertThat(e.at("/final/state").stringValue()).isEqualTo("FAILED");
    assertThat(e.at("/final/outcome").stringValue()).isEqualTo("The sync ended Failed, Degraded.");
    assertThat(e.at("/slack/permalink").stringValue())
        .isEqualTo("https://acme.slack.com/archives/C0INCIDENT/p1733050300000400");
    assertThat(pack.summary(evidence(breakGlass, Optional.of(breakGlassCommit))))
        .contains("— BREAK-GLASS")
        .contains("Helmgate-Break-Glass: true")
        .contains("Approvals:   none (0 required)");
  }

  @Test
  void secretLookingValuesNeverAppearInAnEvidencePack() {
    String rawTrail = export.toCsv(audit.entries(AuditTrail.Query.all()));
    // The lifecycle masks the change it records; this trail's DECIDED entries are written by the
    // test as an older or careless writer might have, so the pack must mask what it finds anyway.
    assertThat(rawTrail).as("a command line in the trail carries a secret").contains(NEW_SECRET);

    for (Request r : List.of(approved, rejected, scheduled, breakGlass)) {
      Outcome.Evidence evidence =
          evidence(
              r,
              r == approved
                  ? Optional.of(approvedCommit)
                  : r == breakGlass ? Optional.of(breakGlassCommit) : Optional.empty());

      assertThat(pack.toJson(evidence)).doesNotContain(NEW_SECRET, OLD_SECRET, "Hunter");
      assertThat(pack.summary(evidence)).doesNotContain(NEW_SECRET, OLD_SECRET, "Hunter");
    }
    JsonNode e = packOf(approved, Optional.of(approvedCommit));
    assertThat(e.at("/policy_decision/command").stringValue())
        .contains("db.password=" + Redaction.MASK)
        .contains("image.tag=1.4.2");
    JsonNode requested = e.at("/audit_entries/0");
    assertThat(requested.get("event_type").stringValue()).isEqualTo("REQUESTED");
    assertThat(requested.at("/detail/change").stringValue())
        .isEqualTo("image.tag 1.4.1 → 1.4.2, db.password ••• (changed)");
    // masked when it was written, so the pack has nothing left to mask in it
    assertThat(requested.get("detail_redacted").booleanValue()).isFalse();
    assertThat(e.at("/audit_entries/3/detail_redacted").booleanValue()).isFalse();
  }

  @Test
  void theSummaryStatesTheSameFactsInPlainText() {
    String summary = pack.summary(evidence(approved, Optional.of(approvedCommit)));

    assertThat(summary)
        .startsWith("Evidence for " + approved.id() + " (helmgate-evidence/1, generated ")
        .contains("Request:     deploy acme/payments prod by Alice Ops <U0ALICE>")
        .contains("Reason:      CHG-1234 monthly release")
        .contains("Change:      image.tag 1.4.1 → 1.4.2, db.password ••• (changed)")
        .contains("Digest:      " + approved.digest())
        .contains("Policy:      NEEDS_APPROVAL by rule prod-approval: prod needs 1 approval")
        .contains("Refused:     Alice Ops <U0ALICE>")
        .contains("Approvals:   Bob Ops <U0BOB> at ")
        .contains(" as OPS")
        .contains("Commit:      " + COMMIT)
        .contains("Approved-by: Bob Ops U0BOB")
        .contains("ArgoCD:      3 sync event(s), final result Healthy")
        .contains("Final:       SUCCEEDED — Synced and Healthy.")
        .contains("Slack:       https://acme.slack.com/archives/C0DEPLOYS/p1733050000123456")
        .contains("Chain:       intact — all 31 entries intact")
        .doesNotContain("{");
  }

  // --- helpers ---

  private Outcome.Evidence evidence(Request r, Optional<ValuesHistoryEntry> commit) {
    return new Outcome.Evidence(
        requests.find(r.id()).orElseThrow(),
        audit.entries(AuditTrail.Query.request(r.id())),
        commit,
        audit.verify());
  }

  private JsonNode packOf(Request r, Optional<ValuesHistoryEntry> commit) {
    return JSON.readTree(pack.toJson(evidence(r, commit)));
  }

  private List<Type> types(Request r) {
    return audit.entries(AuditTrail.Query.request(r.id())).stream()
        .map(e -> e.event().type())
        .toList();
  }

  private long seqOf(Request r, Type type) {
    return audit.entries(AuditTrail.Query.request(r.id())).stream()
        .filter(e -> e.event().type() == type)
        .findFirst()
        .orElseThrow()
        .seq();
  }

  private static List<Long> seqs(long from, long to) {
    List<Long> seqs = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      seqs.add(i);
    }
    return seqs;
  }

  // --- the scenarios, written as the application service writes them ---

  private Request approvedAndSucceeded() {
    Request r =
        open(
            1,
            List.of(
                new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2"),
                new ValueChange(KeyPath.of("db.password"), OLD_SECRET, NEW_SECRET)),
            "/deploy acme/payments prod image.tag=1.4.2 db.password="
                + NEW_SECRET
                + " reason=\"CHG-1234 monthly release\"",
            Optional.empty(),
            false,
            decision("NEEDS_APPROVAL", "prod-approval", "prod needs 1 approval from OPS."),
            MESSAGE);
    tick();
    audit.append(
        List.of(
            event(
                Type.REFUSED,
                r,
                ALICE,
                ordered(
                    "action",
                    "approve",
                    "rule",
                    "four-eyes",
                    "message",
                    "You asked for this; someone else must approve it."))));
    r = store(RequestLifecycle.approve(r, BOB, Set.of(Role.OPS), tick()));
    r = execute(r, COMMIT);
    approvedCommit = historyEntry(r);
    return finish(r, "Healthy", true);
  }

  private Request rejectedByBob() {
    Request r =
        open(
            1,
            List.of(new ValueChange(KeyPath.of("replicaCount"), "2", "5")),
            "/deploy acme/payments prod replicaCount=5 reason=\"load test\"",
            Optional.empty(),
            false,
            decision("NEEDS_APPROVAL", "prod-approval", "prod needs 1 approval from OPS."),
            new MessageRef("C0DEPLOYS", "1733050100.000200"));
    return store(
        RequestLifecycle.reject(
            r, BOB, Set.of(Role.OPS), Optional.of("not during month-end close"), tick()));
  }

  private Request scheduledForTheWindow() {
    Instant window = Instant.parse("2026-12-01T22:00:00Z");
    Request r =
        open(
            1,
            List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.2", "1.4.3")),
            "/deploy acme/payments prod from=staging at=22:00 reason=\"CHG-1300\"",
            Optional.of(window),
            false,
            decision("NEEDS_APPROVAL", "prod-approval", "prod needs 1 approval from OPS."),
            new MessageRef("C0DEPLOYS", "1733050200.000300"));
    r = store(RequestLifecycle.approve(r, CAROL, Set.of(Role.OPS, Role.AUDITOR), tick()));
    return store(RequestLifecycle.schedule(r, window, tick()));
  }

  private Request breakGlassThatFailed() {
    Request r =
        open(
            0,
            List.of(
                new ValueChange(KeyPath.of("image.tag"), "1.4.2", "1.4.2-hotfix1"),
                new ValueChange(KeyPath.of("api.token"), OLD_SECRET, NEW_SECRET)),
            "/deploy acme/payments prod image.tag=1.4.2-hotfix1 api.token="
                + NEW_SECRET
                + " reason=\"INC-77 outage\" break-glass",
            Optional.empty(),
            true,
            decision("ALLOWED", "break-glass", "Break-glass by OPS: runs now, reviewed later."),
            new MessageRef("C0INCIDENT", "1733050300.000400"));
    r = execute(r, BREAK_GLASS_COMMIT);
    breakGlassCommit = historyEntry(r);
    return finish(r, "Failed/Degraded", false);
  }

  private AuditEvent unrelatedRefusal() {
    return new AuditEvent(
        Type.REFUSED,
        tick(),
        Optional.empty(),
        Optional.of(new UserRef("U0DEV", "Dana Developer")),
        Optional.of(PROD),
        ordered(
            "command",
            "/deploy acme/payments prod image.tag=9.9.9",
            "rule",
            "developers-read-only",
            "message",
            "Developers may not deploy."));
  }

  private Map<String, String> decision(String verdict, String rule, String message) {
    return ordered("rule", rule, "verdict", verdict, "message", message);
  }

  /**
   * Opens a request and stores it with its REQUESTED and DECIDED events, as posted at {@code m}.
   */
  private Request open(
      int approvals,
      List<ValueChange> change,
      String commandLine,
      Optional<Instant> at,
      boolean breakGlassRequest,
      Map<String, String> decision,
      MessageRef m) {
    NewRequest spec =
        new NewRequest(
            requests.nextId(),
            RequestKind.DEPLOY,
            PROD,
            ALICE,
            Optional.of(commandLine.replaceAll(".*reason=\"([^\"]*)\".*", "$1")),
            Optional.empty(),
            Optional.empty(),
            new ChangeSet(change),
            BASE,
            at,
            breakGlassRequest,
            List.of());
    Instant when = tick();
    Transition.Moved opened = RequestLifecycle.open(spec, approvals, Duration.ofHours(24), when);
    List<AuditEvent> events = new ArrayList<>(opened.events());
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("command", commandLine);
    detail.putAll(decision);
    detail.put("schedule", at.map(t -> "AT " + t).orElse("NOW"));
    detail.put("preflight", "PASSED: all referenced secrets exist");
    detail.put("conversation", m.conversation());
    events.add(AuditEvent.of(Type.DECIDED, when, opened.request(), ALICE, detail));
    return requests.insert(opened.request().withMessage(m), events);
  }

  /** Starts, commits and starts the sync, with the events the application service records. */
  private Request execute(Request r, String commit) {
    Transition.Moved started = (Transition.Moved) RequestLifecycle.start(r, tick());
    List<AuditEvent> events = new ArrayList<>(started.events());
    events.add(
        event(
            Type.COMMITTING,
            started.request(),
            null,
            ordered("subject", "deploy " + r.target() + ": " + describe(r))));
    Request executing = requests.update(started.request(), events);
    Request committed = store(RequestLifecycle.committed(executing, commit, tick()));
    tick();
    audit.append(
        List.of(
            event(
                Type.SYNC_STARTED,
                committed,
                null,
                ordered("application", committed.target().toString()))));
    tick();
    audit.append(
        List.of(
            event(
                Type.SYNC_PHASE,
                committed,
                null,
                ordered("phase", "Running", "health", "Progressing", "message", "waiting"))));
    return committed;
  }

  private Request finish(Request r, String result, boolean healthy) {
    tick();
    audit.append(List.of(event(Type.SYNC_FINISHED, r, null, ordered("result", result))));
    return store(
        healthy
            ? RequestLifecycle.succeed(r, "Synced and Healthy.", tick())
            : RequestLifecycle.fail(r, "The sync ended Failed, Degraded.", tick()));
  }

  private static String describe(Request r) {
    return String.join(
        ", ", r.change().changes().stream().map(Redaction.defaults()::describe).toList());
  }

  private ValuesHistoryEntry historyEntry(Request r) {
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(new Trailer(Trailer.REQUESTED_BY, ALICE.name() + " " + ALICE.id()));
    r.approvedBy()
        .forEach(
            a ->
                trailers.add(
                    new Trailer(
                        Trailer.APPROVED_BY, a.approver().name() + " " + a.approver().id())));
    trailers.add(new Trailer(Trailer.REQUEST, r.id().toString()));
    if (r.breakGlass()) {
      trailers.add(new Trailer(Trailer.BREAK_GLASS, "true"));
    }
    return new ValuesHistoryEntry(
        r.commitId().orElseThrow(),
        Optional.of(BASE),
        now,
        "Helmgate <helmgate@example.invalid>",
        "deploy " + r.target() + ": " + describe(r),
        trailers);
  }

  private Request store(Transition transition) {
    Transition.Moved moved = (Transition.Moved) transition;
    return requests.update(moved.request(), moved.events());
  }

  private Instant tick() {
    now = now.plusSeconds(7).plusNanos(1_000);
    return now;
  }

  private AuditEvent event(Type type, Request r, UserRef actor, Map<String, String> detail) {
    return AuditEvent.of(type, now, r, actor, detail);
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
