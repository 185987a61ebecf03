package io.helmgate.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.port.AuditTrail;
import io.helmgate.domain.port.AuditTrail.AuditEntry;
import io.helmgate.domain.port.ConcurrentUpdateException;
import io.helmgate.domain.port.RequestStore;
import io.helmgate.domain.request.AuditEvent;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.NewRequest;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.request.RequestLifecycle;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.request.Transition;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValueChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The request store and audit trail behave the same on every database Helmgate supports. */
abstract class StoreContract {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456789Z");
  static final UserRef ALICE = new UserRef("U0ALICE", "Alice Ops");
  static final UserRef BOB = new UserRef("U0BOB", "Bob Ops");
  static final Target PROD = new Target("acme", "payments", "prod");

  DataSource dataSource;
  RequestStore requests;
  AuditTrail audit;

  abstract DataSource newDatabase();

  @BeforeEach
  void setUp() {
    dataSource = newDatabase();
    StoreConfiguration.Stores stores =
        StoreConfiguration.create(dataSource, new DataSourceTransactionManager(dataSource));
    requests = stores.requests();
    audit = stores.audit();
  }

  Transition.Moved open(int approvals) {
    NewRequest spec =
        new NewRequest(
            requests.nextId(),
            RequestKind.DEPLOY,
            PROD,
            ALICE,
            Optional.of("CHG-1234 monthly release"),
            Optional.of("staging"),
            Optional.empty(),
            new ChangeSet(List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.1", "1.4.2"))),
            "0123456789abcdef0123456789abcdef01234567",
            Optional.empty(),
            false,
            List.of());
    return RequestLifecycle.open(spec, approvals, Duration.ofHours(24), T0);
  }

  @Test
  void requestRoundTripKeepsEveryField() {
    Transition.Moved opened = open(1);
    Request stored = requests.insert(opened.request(), opened.events());

    Request read = requests.find(stored.id()).orElseThrow();

    assertThat(read.id()).isEqualTo(stored.id());
    assertThat(read.target()).isEqualTo(PROD);
    assertThat(read.requester()).isEqualTo(ALICE);
    assertThat(read.change()).isEqualTo(stored.change());
    assertThat(read.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(read.reason()).contains("CHG-1234 monthly release");
    assertThat(read.source()).contains("staging");
    assertThat(read.digest()).isEqualTo(stored.digest());
    assertThat(read.approvalsRequired()).isEqualTo(1);
    assertThat(read.expiresAt()).isPresent();
    assertThat(read.version()).isZero();
  }

  @Test
  void requestBindingsRoundTripSoThatTheApprovalDigestCanBeCheckedAgain() {
    Transition.Moved plain = open(1);
    String binding = "artifact=registry.acme.example/checkout/web:2.7.1@sha256:" + "ab".repeat(32);
    Transition.Moved opened =
        RequestLifecycle.open(
            new NewRequest(
                plain.request().id(),
                RequestKind.DEPLOY,
                PROD,
                ALICE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                plain.request().change(),
                plain.request().baseCommit(),
                Optional.empty(),
                false,
                List.of(binding)),
            1,
            Duration.ofHours(24),
            T0);
    Request stored = requests.insert(opened.request(), opened.events());

    Request read = requests.find(stored.id()).orElseThrow();

    assertThat(read.bindings()).containsExactly(binding);
    assertThat(io.helmgate.domain.request.ApprovalDigest.of(read, read.bindings()))
        .isEqualTo(read.digest());
    Request withoutBindings = requests.insert(open(1).request(), List.of());
    assertThat(requests.find(withoutBindings.id()).orElseThrow().bindings()).isEmpty();
  }

  @Test
  void aPromotionsYamlTypesRoundTripSoThatNullStaysNullWhenItRuns() {
    Transition.Moved plain = open(1);
    ChangeSet typed =
        new ChangeSet(
            List.of(
                new ValueChange(
                    KeyPath.of("image.tag"),
                    "",
                    "null",
                    io.helmgate.domain.values.ValueType.STRING,
                    io.helmgate.domain.values.ValueType.NULL)));
    Transition.Moved opened =
        RequestLifecycle.open(
            new NewRequest(
                plain.request().id(),
                RequestKind.DEPLOY,
                PROD,
                ALICE,
                Optional.empty(),
                Optional.of("staging"),
                Optional.empty(),
                typed,
                plain.request().baseCommit(),
                Optional.empty(),
                false,
                List.of()),
            1,
            Duration.ofHours(24),
            T0);
    Request stored = requests.insert(opened.request(), opened.events());

    Request read = requests.find(stored.id()).orElseThrow();

    assertThat(read.change()).isEqualTo(typed);
    assertThat(io.helmgate.domain.request.ApprovalDigest.of(read, read.bindings()))
        .isEqualTo(read.digest());
  }

  @Test
  void approvalAndStateChangeAreStoredWithTheirAuditEntries() {
    Transition.Moved opened = open(1);
    Request stored = requests.insert(opened.request(), opened.events());
    Transition.Moved approved =
        (Transition.Moved)
            RequestLifecycle.approve(stored, BOB, Set.of(Role.OPS), T0.plusSeconds(30));

    Request updated =
        requests.update(
            approved.request().withMessage(new MessageRef("C1", "1.2")), approved.events());

    Request read = requests.find(stored.id()).orElseThrow();
    assertThat(read.state()).isEqualTo(RequestState.APPROVED);
    assertThat(read.version()).isEqualTo(1).isEqualTo(updated.version());
    assertThat(read.message()).contains(new MessageRef("C1", "1.2"));
    assertThat(read.approvedBy())
        .singleElement()
        .satisfies(a -> assertThat(a.rolesAtTheTime()).containsExactly(Role.OPS));
    assertThat(audit.entries(AuditTrail.Query.request(stored.id())))
        .extracting(e -> e.event().type())
        .containsExactly(
            AuditEvent.Type.REQUESTED, AuditEvent.Type.APPROVED, AuditEvent.Type.TRANSITION);
  }

  @Test
  void updateFromAStaleVersionIsRefusedAndRecordsNothing() {
    Transition.Moved opened = open(1);
    Request stored = requests.insert(opened.request(), opened.events());
    Transition.Moved first =
        (Transition.Moved) RequestLifecycle.approve(stored, BOB, Set.of(Role.OPS), T0);
    requests.update(first.request(), first.events());
    Transition.Moved second = (Transition.Moved) RequestLifecycle.cancel(stored, ALICE, T0);

    assertThatThrownBy(() -> requests.update(second.request(), second.events()))
        .isInstanceOf(ConcurrentUpdateException.class);

    assertThat(requests.find(stored.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
    assertThat(audit.entries(AuditTrail.Query.request(stored.id())))
        .extracting(e -> e.event().type())
        .containsExactly(
            AuditEvent.Type.REQUESTED, AuditEvent.Type.APPROVED, AuditEvent.Type.TRANSITION);
  }

  @Test
  void findByStateAndRecent() {
    Transition.Moved a = open(1);
    requests.insert(a.request(), a.events());
    Transition.Moved b = open(0);
    requests.insert(b.request(), b.events());

    assertThat(requests.findByState(List.of(RequestState.PENDING_APPROVAL)))
        .extracting(Request::id)
        .containsExactly(a.request().id());
    assertThat(requests.recent(PROD, 10))
        .extracting(Request::id)
        .containsExactly(b.request().id(), a.request().id());
  }

  @Test
  void nextIdNeverRepeats() {
    RequestId first = requests.nextId();
    RequestId second = requests.nextId();

    assertThat(second.number()).isGreaterThan(first.number());
  }

  @Test
  void auditChainVerifiesWhenUntouched() {
    Transition.Moved opened = open(1);
    requests.insert(opened.request(), opened.events());
    audit.append(
        List.of(
            new AuditEvent(
                AuditEvent.Type.REFUSED,
                T0,
                Optional.empty(),
                Optional.of(BOB),
                Optional.of(PROD),
                Map.of("rule", "four-eyes"))));

    AuditTrail.Verification v = audit.verify();

    assertThat(v.intact()).isTrue();
    assertThat(v.entriesChecked()).isEqualTo(2);
  }

  @Test
  void tamperingWithAnyStoredFieldIsDetectedAtThatEntry() {
    for (int i = 0; i < 3; i++) {
      Transition.Moved opened = open(1);
      requests.insert(opened.request(), opened.events());
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    jdbc.update(
        "UPDATE audit_log SET detail = REPLACE(detail, 'CHG-1234', 'CHG-9999') WHERE seq = 2");

    AuditTrail.Verification v = audit.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).contains(2L);
    assertThat(v.message()).contains("altered");
  }

  @Test
  void deletingAnEntryIsDetected() {
    for (int i = 0; i < 3; i++) {
      Transition.Moved opened = open(1);
      requests.insert(opened.request(), opened.events());
    }
    new JdbcTemplate(dataSource).update("DELETE FROM audit_log WHERE seq = 2");

    AuditTrail.Verification v = audit.verify();

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).contains(3L);
  }

  @Test
  void deletingTheNewestEntryIsDetected() {
    for (int i = 0; i < 2; i++) {
      Transition.Moved opened = open(1);
      requests.insert(opened.request(), opened.events());
    }
    new JdbcTemplate(dataSource).update("DELETE FROM audit_log WHERE seq = 2");

    assertThat(audit.verify().intact()).isFalse();
  }

  @Test
  void entriesFilterByTargetPrefixAndTime() {
    Transition.Moved opened = open(1);
    requests.insert(opened.request(), opened.events());
    audit.append(
        List.of(
            new AuditEvent(
                AuditEvent.Type.REFUSED,
                T0.plusSeconds(3600),
                Optional.empty(),
                Optional.of(BOB),
                Optional.of(new Target("globex", "ledger", "prod")),
                Map.of())));

    List<AuditEntry> acme =
        audit.entries(
            new AuditTrail.Query(Optional.of("acme/payments"), Optional.empty(), Optional.empty()));
    List<AuditEntry> later =
        audit.entries(
            new AuditTrail.Query(
                Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(60))));

    assertThat(acme).extracting(e -> e.event().target().orElseThrow()).containsOnly(PROD);
    assertThat(later)
        .singleElement()
        .satisfies(e -> assertThat(e.event().type()).isEqualTo(AuditEvent.Type.REFUSED));
  }

  @Test
  void aRollbacksFileDiffRoundTripsSoThatTheApproverSeesAndTheDigestBindsAllOfIt() {
    Transition.Moved plain = open(1);
    ChangeSet change =
        new ChangeSet(
            List.of(new ValueChange(KeyPath.of("image.tag"), "1.4.2", "1.4.1")),
            List.of("@@ -1,2 +1,2 @@", " image:", "-hosts: [a, b]", "+hosts: [a]"));
    Transition.Moved opened =
        RequestLifecycle.open(
            new NewRequest(
                plain.request().id(),
                RequestKind.ROLLBACK,
                PROD,
                ALICE,
                Optional.empty(),
                Optional.empty(),
                Optional.of("fedcba9876543210fedcba9876543210fedcba98"),
                change,
                plain.request().baseCommit(),
                Optional.empty(),
                false,
                List.of()),
            1,
            Duration.ofHours(24),
            T0);
    Request stored = requests.insert(opened.request(), opened.events());

    Request read = requests.find(stored.id()).orElseThrow();

    assertThat(read.change()).isEqualTo(change);
    assertThat(io.helmgate.domain.request.ApprovalDigest.of(read, read.bindings()))
        .isEqualTo(read.digest());
  }
}
