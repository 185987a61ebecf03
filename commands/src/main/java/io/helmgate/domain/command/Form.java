package io.helmgate.domain.command;

import java.util.List;

/**
 * Every command form with its usage line, what it does and examples that parse: one list for help,
 * messages and the test that checks every example.
 */
enum Form {
  DEPLOY(
      "/deploy",
      "",
      "/deploy <customer>/<product> <env> [from=<env>] [<key>=<value> ...] [at=<time>]"
          + " [reason=<text>] [break-glass]",
      "promote from another environment, set values, or sync as it is",
      List.of(
          "/deploy acme/payments prod from=staging reason=\"CHG-1234\"",
          "/deploy acme/payments qa image.tag=1.4.2 replicaCount=3",
          "/deploy acme/payments prod from=staging at=22:00 reason=\"CHG-1234 monthly release\"",
          "/deploy acme/payments prod image.tag=1.4.3 reason=\"INC-77 payment outage\""
              + " break-glass")),
  STATUS(
      "/deploy",
      "status",
      "/deploy status <customer>/<product> [<env>]",
      "current values, health and recent changes",
      List.of("/deploy status acme/payments", "/deploy status acme/payments prod")),
  PENDING(
      "/deploy",
      "pending",
      "/deploy pending",
      "requests waiting for approval or for their window",
      List.of("/deploy pending")),
  CANCEL(
      "/deploy",
      "cancel",
      "/deploy cancel <request-id>",
      "cancel a pending or scheduled request",
      List.of("/deploy cancel R-42")),
  LOCK(
      "/deploy",
      "lock",
      "/deploy lock <customer>/<product> <env> for=<duration> reason=<text>",
      "refuse new requests for an environment for a while",
      List.of("/deploy lock acme/payments prod for=2h reason=\"INC-77 investigating\"")),
  UNLOCK(
      "/deploy",
      "unlock",
      "/deploy unlock <customer>/<product> <env>",
      "remove a lock",
      List.of("/deploy unlock acme/payments prod")),
  AUDIT(
      "/deploy",
      "audit",
      "/deploy audit <customer>/<product> [<env>] [since=<yyyy-mm-dd>]",
      "the audit trail as a summary and a file",
      List.of("/deploy audit acme/payments prod since=2026-01-01")),
  EVIDENCE(
      "/deploy",
      "evidence",
      "/deploy evidence <request-id>",
      "everything about one request, as one JSON document",
      List.of("/deploy evidence R-42")),
  SOD_REPORT(
      "/deploy",
      "sod-report",
      "/deploy sod-report",
      "conflicting roles, approvers who lost their role, break-glass reviews",
      List.of("/deploy sod-report")),
  POLICY(
      "/deploy",
      "policy",
      "/deploy policy [<env>]",
      "the rules in force: who may request and approve, reasons, windows, freezes",
      List.of("/deploy policy", "/deploy policy prod")),
  HELP("/deploy", "help", "/deploy help", "this help", List.of("/deploy help")),
  ROLLBACK(
      "/rollback",
      "",
      "/rollback <customer>/<product> <env> [to=<commit>] [reason=<text>] [break-glass]",
      "undo the latest change (or restore the values of a commit) with a new commit, then sync;"
          + " approved like any change",
      List.of(
          "/rollback acme/payments prod reason=\"INC-77 errors after 1.4.2\"",
          "/rollback acme/payments prod to=3f2a9c1 reason=\"back to November\"")),
  ROLLBACK_HISTORY(
      "/rollback",
      "history",
      "/rollback <customer>/<product> <env> history",
      "the latest changes, each with a Roll back button",
      List.of("/rollback acme/payments prod history")),
  ROLLBACK_HELP(
      "/rollback", "help", "/rollback help", "help for rollbacks", List.of("/rollback help"));

  final String slashCommand;
  final String word;
  final String usage;
  final String summary;
  final List<String> examples;

  Form(String slashCommand, String word, String usage, String summary, List<String> examples) {
    this.slashCommand = slashCommand;
    this.word = word;
    this.usage = usage;
    this.summary = summary;
    this.examples = examples;
  }

  /** {@code /deploy lock}: how messages name the command. */
  String label() {
    return word.isEmpty() ? slashCommand : slashCommand + " " + word;
  }

  /** " Usage: `…`. Try: `…`." as mrkdwn, appended to refusals. */
  String hint() {
    return Mrkdwn.format(
        " Usage: {0}. Try: {1}", "`" + Mrkdwn.escape(usage) + "`", "`" + example() + "`");
  }

  /** The first example, as mrkdwn (examples contain no markup characters but quotes). */
  String example() {
    return Mrkdwn.escape(examples.get(0));
  }

  /** The {@code /deploy} sub-command named by {@code word}, if any. */
  static Form deploySubcommand(String word) {
    for (Form form : values()) {
      if (form.slashCommand.equals("/deploy") && !form.word.isEmpty() && form.word.equals(word)) {
        return form;
      }
    }
    return null;
  }
}
