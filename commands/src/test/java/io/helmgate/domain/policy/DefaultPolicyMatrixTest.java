package io.helmgate.domain.policy;

import static io.helmgate.domain.policy.Fixtures.NOW;
import static io.helmgate.domain.policy.Fixtures.actor;

import io.helmgate.domain.Role;
import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.request.RequestKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may do what under {@link PolicyConfig#defaults(java.util.Map)}. The table below is the one in
 * the package documentation and the README: {@code yes} runs without approval, {@code approval}
 * needs one Ops approval from someone else, {@code no} is refused, {@code -} does not apply.
 * Requests carry a reason; nothing is locked or frozen.
 */
class DefaultPolicyMatrixTest {

  static final Policy POLICY = new Policy(ExampleGroups.policy());
  static final UserRef SOMEONE_ELSE = new UserRef("U99", "Olivia");

  /** The columns of the table, in order. */
  static final Map<String, Actor> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("DEVELOPER", actor("U1", "Dev", Role.DEVELOPER));
    COLUMNS.put("DEVOPS", actor("U2", "Platform", Role.DEVOPS));
    COLUMNS.put("OPS", actor("U3", "Ops", Role.OPS));
    COLUMNS.put("AUDITOR", actor("U4", "Auditor", Role.AUDITOR));
    COLUMNS.put("no group", actor("U5", "Stranger"));
    COLUMNS.put("DEVELOPER+OPS", actor("U6", "Both", Role.DEVELOPER, Role.OPS));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # action             | env     | DEVELOPER | DEVOPS | OPS      | AUDITOR | no group | DEVELOPER+OPS
          read                 | any     | yes       | yes    | yes      | yes     | no       | yes
          deploy               | dev     | no        | no     | yes      | no      | no       | no
          deploy               | qa      | no        | no     | yes      | no      | no       | no
          deploy               | staging | no        | no     | yes      | no      | no       | no
          deploy               | prod    | no        | no     | approval | no      | no       | no
          rollback             | dev     | no        | no     | yes      | no      | no       | no
          rollback             | qa      | no        | no     | yes      | no      | no       | no
          rollback             | staging | no        | no     | yes      | no      | no       | no
          rollback             | prod    | no        | no     | approval | no      | no       | no
          sync                 | dev     | no        | no     | yes      | no      | no       | no
          sync                 | qa      | no        | no     | yes      | no      | no       | no
          sync                 | staging | no        | no     | yes      | no      | no       | no
          sync                 | prod    | no        | no     | approval | no      | no       | no
          break-glass          | prod    | no        | no     | yes      | no      | no       | no
          approve              | prod    | no        | no     | yes      | no      | no       | no
          approve own request  | prod    | no        | no     | no       | no      | no       | no
          approve twice        | prod    | no        | no     | no       | no      | no       | no
          reject               | prod    | no        | no     | yes      | no      | no       | no
          cancel own request   | prod    | -         | -      | yes      | -       | -        | -
          cancel other request | prod    | no        | no     | yes      | no      | no       | no
          lock                 | prod    | no        | no     | yes      | no      | no       | no
          unlock other's lock  | prod    | no        | no     | yes      | no      | no       | no
          read audit trail     | any     | no        | no     | yes      | yes     | no       | yes
          read sod report      | any     | no        | yes    | yes      | yes     | no       | yes
          platform commands    | any     | no        | yes    | no       | no      | no       | no
          """)
  void defaultMatrix(
      String action,
      String env,
      String developer,
      String devops,
      String ops,
      String auditor,
      String noGroup,
      String both) {
    String[] expected = {developer, devops, ops, auditor, noGroup, both};
    SoftAssertions softly = new SoftAssertions();
    int i = 0;
    for (Map.Entry<String, Actor> column : COLUMNS.entrySet()) {
      String want = expected[i++];
      if (want.equals("-")) {
        continue;
      }
      Decision d = ask(action, env, column.getValue());
      softly
          .assertThat(verdictWord(d))
          .as("%s may %s in %s (%s)", column.getKey(), action, env, d)
          .isEqualTo(want);
    }
    softly.assertAll();
  }

  private static String verdictWord(Decision d) {
    return switch (d.verdict()) {
      case ALLOWED -> "yes";
      case DENIED -> "no";
      case NEEDS_APPROVAL -> "approval";
    };
  }

  private static Decision ask(String action, String env, Actor actor) {
    Target target = new Target("acme", "payments", env.equals("any") ? "prod" : env);
    ApprovalContext othersRequest = new ApprovalContext(target, SOMEONE_ELSE, Set.of(), NOW, true);
    return switch (action) {
      case "read" -> POLICY.mayRead(actor);
      case "deploy" -> POLICY.mayRequest(actor, request(target, RequestKind.DEPLOY));
      case "rollback" -> POLICY.mayRequest(actor, request(target, RequestKind.ROLLBACK));
      case "sync" -> POLICY.mayRequest(actor, request(target, RequestKind.SYNC));
      case "break-glass" ->
          POLICY.mayRequest(actor, request(target, RequestKind.DEPLOY).withBreakGlass(true));
      case "approve" -> POLICY.mayApprove(actor, othersRequest);
      case "approve own request" ->
          POLICY.mayApprove(actor, new ApprovalContext(target, actor.user(), Set.of(), NOW, true));
      case "approve twice" ->
          POLICY.mayApprove(
              actor,
              new ApprovalContext(target, SOMEONE_ELSE, Set.of(actor.user().id()), NOW, true));
      case "reject" -> POLICY.mayReject(actor, othersRequest);
      case "cancel own request" -> POLICY.mayCancel(actor, actor.user());
      case "cancel other request" -> POLICY.mayCancel(actor, SOMEONE_ELSE);
      case "lock" -> POLICY.mayLock(actor, target, Optional.empty(), NOW);
      case "unlock other's lock" ->
          POLICY.mayUnlock(
              actor,
              new Lock(target, SOMEONE_ELSE, "maintenance", NOW.plus(Duration.ofHours(1))),
              NOW);
      case "read audit trail" -> POLICY.mayAudit(actor);
      case "read sod report" -> POLICY.mayReadSodReport(actor);
      case "platform commands" -> POLICY.mayUsePlatformCommands(actor);
      default -> throw new IllegalArgumentException("no such action in the table: " + action);
    };
  }

  private static RequestContext request(Target target, RequestKind kind) {
    return RequestContext.of(target, kind, NOW).withReason("CHG-1234 monthly release");
  }
}
