package io.helmgate.bot.slack;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import com.slack.api.webhook.WebhookResponse;
import io.helmgate.bot.audit.AuditExport;
import io.helmgate.bot.audit.EvidencePack;
import io.helmgate.bot.config.SlackProperties;
import io.helmgate.bot.logging.RequestLogs;
import io.helmgate.bot.slack.outbox.DirectDelivery;
import io.helmgate.bot.slack.outbox.Outbox;
import io.helmgate.bot.slack.render.Rendered;
import io.helmgate.bot.slack.render.Renderer;
import io.helmgate.bot.slack.render.SlackIds;
import io.helmgate.domain.HelmgateException;
import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.command.CommandParser;
import io.helmgate.domain.command.ParseResult;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.service.Caller;
import io.helmgate.domain.service.Helmgate;
import io.helmgate.domain.service.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;

/**
 * The Slack listeners. Each one verifies (Bolt did), maps the payload to a domain call,
 * acknowledges at once and does the work on the executor, answering through {@code response_url} or
 * the Web API. No rule lives here.
 */
final class SlackListeners {

  private static final Logger log = LoggerFactory.getLogger(SlackListeners.class);

  private final Helmgate helmgate;
  private final Renderer renderer;
  private final Executor work;
  private final Executor modals;
  private final Outbox outbox;
  private final CommandParser formParser;
  private final SlackProperties properties;
  private final ValuesRepository values;
  private final MethodsClient slack;
  private final AuditExport exports = new AuditExport();
  private final EvidencePack evidencePacks;
  private final SlackMetrics metrics;

  SlackListeners(
      Helmgate helmgate,
      Renderer renderer,
      Executor work,
      Executor modals,
      Outbox outbox,
      java.time.Clock clock,
      SlackProperties properties,
      ValuesRepository values,
      MethodsClient slack,
      EvidencePack evidencePacks,
      SlackMetrics metrics) {
    this.metrics = metrics;
    this.slack = slack;
    this.evidencePacks = evidencePacks;
    this.helmgate = helmgate;
    this.renderer = renderer;
    this.work = work;
    this.modals = modals;
    this.outbox = outbox;
    this.formParser = new CommandParser(clock, helmgate.policy().config().defaultZone());
    this.properties = properties;
    this.values = values;
  }

  void register(App app, ReplayGuard guard) {
    app.use(guard);
    app.use(new HomeWorkspaceGuard(slack, helmgate.admission(), renderer, work));
    app.command("/deploy", this::command);
    app.command("/rollback", this::command);
    app.blockAction(
        SlackIds.APPROVE,
        (req, ctx) -> click(req, ctx, (id, user) -> helmgate.requests().approve(id, user)));
    app.blockAction(
        SlackIds.CANCEL,
        (req, ctx) -> click(req, ctx, (id, user) -> helmgate.requests().cancel(id, user)));
    app.blockAction(SlackIds.REJECT, this::rejectClicked);
    app.viewSubmission(
        SlackIds.REJECT_MODAL,
        (req, ctx) ->
            readable(
                ctx,
                SlackIds.REJECT_REASON,
                () -> {
                  var payload = req.getPayload();
                  Optional<RequestId> id = RequestId.parse(payload.getView().getPrivateMetadata());
                  if (id.isEmpty()) {
                    return damaged(ctx, SlackIds.REJECT_REASON, "reject");
                  }
                  UserRef user =
                      new UserRef(payload.getUser().getId(), payload.getUser().getName());
                  Optional<String> reason = ModalState.rejectReason(payload.getView().getState());
                  RequestId requestId = id.get();
                  async(
                      "reject",
                      requestId,
                      () -> {
                        Outcome outcome = helmgate.requests().reject(requestId, user, reason);
                        dm(user, renderer.reply(outcome));
                      },
                      fault -> dm(user, renderer.reply(fault)));
                  return ctx.ack();
                }));
    app.viewSubmission(
        SlackIds.DEPLOY_MODAL,
        (req, ctx) ->
            readable(
                ctx,
                SlackIds.FORM_REASON,
                () -> {
                  var payload = req.getPayload();
                  UserRef user =
                      new UserRef(payload.getUser().getId(), payload.getUser().getName());
                  String text = ModalState.deployText(payload.getView().getState());
                  // Input the parser refuses is shown in the form, beside its field, while the
                  // person can still fix it; everything else is decided after the ack.
                  if (formParser.parse("/deploy", text) instanceof ParseResult.Invalid invalid) {
                    return ctx.ackWithErrors(
                        Map.of(formField(invalid.message()), formError(invalid.message())));
                  }
                  submitted(user, "/deploy", text);
                  return ctx.ack();
                }));
    app.blockAction(
        SlackIds.ROLLBACK_TO,
        (req, ctx) -> {
          var payload = req.getPayload();
          String value = payload.getActions().get(0).getValue();
          String trigger = payload.getTriggerId();
          Optional<String> channel =
              payload.getChannel() == null
                  ? Optional.empty()
                  : ModalState.rollbackFormChannel(
                      payload.getChannel().getId(), payload.getChannel().getName());
          openModal(
              "rollback-modal",
              ctx.client(),
              trigger,
              () -> renderer.rollbackModal(value, channel),
              fault -> respond(ctx, renderer.reply(fault)));
          return ctx.ack();
        });
    app.viewSubmission(
        SlackIds.ROLLBACK_MODAL,
        (req, ctx) ->
            readable(
                ctx,
                SlackIds.ROLLBACK_REASON,
                () -> {
                  var payload = req.getPayload();
                  Optional<String> reason =
                      ModalState.text(payload.getView().getState(), SlackIds.ROLLBACK_REASON);
                  String metadata = payload.getView().getPrivateMetadata();
                  Optional<String> text = ModalState.rollbackText(metadata, reason);
                  if (text.isEmpty()) {
                    return damaged(ctx, SlackIds.ROLLBACK_REASON, "rollback");
                  }
                  UserRef user =
                      new UserRef(payload.getUser().getId(), payload.getUser().getName());
                  // As if typed where the Roll back button was clicked; the placement rule then
                  // treats it like a command typed there, not like a direct message.
                  Caller caller =
                      ModalState.rollbackChannel(metadata)
                          .map(channel -> new Caller(user, channel, isDirect(channel, null)))
                          .orElseGet(() -> formCaller(user));
                  submitted(caller, "/rollback", text.get());
                  return ctx.ack();
                }));
    app.event(
        AppHomeOpenedEvent.class,
        (payload, ctx) -> {
          String userId = payload.getEvent().getUser();
          async(
              "home",
              () -> {
                Outcome outcome =
                    helmgate.command(
                        new Caller(new UserRef(userId, null), null), "/deploy", "pending");
                if (outcome instanceof Outcome.PendingList list) {
                  outbox.home(
                      userId, renderer.homeTab(list.awaitingYou(), list.yours(), list.scheduled()));
                } else {
                  // Nothing to publish (no Slack directory, a refused read): the tab keeps what it
                  // showed; the reason is in the audit trail and the log.
                  log.info(
                      "App Home of {} not published: {}",
                      userId,
                      outcome.getClass().getSimpleName());
                }
              },
              // An App Home opened has nobody to answer: the log is where a fault can go.
              fault -> log.warn("App Home of {} failed: {}", userId, fault.message()));
          return ctx.ack();
        });
  }

  /**
   * Runs a form submission's handler; a submission it cannot read (a missing view or user, a state
   * of the wrong shape) gets Slack's 200 with the form's error under {@code inputBlock}, never a
   * 500 the person cannot understand.
   */
  private static Response readable(
      ViewSubmissionContext ctx, String inputBlock, Supplier<Response> handler) {
    try {
      return handler.get();
    } catch (RuntimeException e) {
      return damaged(ctx, inputBlock, e.getClass().getSimpleName());
    }
  }

  /** The deploy form's field that a parser message is about: reason, time or the values. */
  static String formField(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("reason")) {
      return SlackIds.FORM_REASON;
    }
    if (m.contains("at=") || m.contains("time") || m.contains("date")) {
      return SlackIds.FORM_AT;
    }
    return SlackIds.FORM_VALUES;
  }

  /** A parser message as a form error: Slack shows it as plain text under the field. */
  static String formError(String message) {
    String plain = message.replace("`", "").replace("*", "").strip();
    return plain.length() <= 300 ? plain : plain.substring(0, 299) + "…";
  }

  private static Response damaged(ViewSubmissionContext ctx, String inputBlock, String what) {
    // The metadata itself stays out of the log: it is whatever came back, of any size.
    log.warn("a form submission could not be read ({}); told the person so", what);
    return ctx.ackWithErrors(Map.of(inputBlock, ModalState.DAMAGED_FORM));
  }

  private Response command(SlashCommandRequest req, SlashCommandContext ctx) {
    var p = req.getPayload();
    String trigger = p.getTriggerId();
    if (p.getText() == null || p.getText().isBlank()) {
      // The form: opened on its own threads within the trigger's three seconds.
      run(
          modals,
          p.getCommand() + " form",
          null,
          () -> {
            Outcome outcome = helmgate.command(callerOf(p), p.getCommand(), "");
            metrics.command(p.getCommand(), "", outcome);
            if (outcome instanceof Outcome.OpenForm) {
              openModalNow(
                  ctx.client(),
                  trigger,
                  () -> renderer.deployModal(values.environments()),
                  fault -> answer(ctx, renderer.reply(fault)));
            } else {
              answer(ctx, renderer.reply(outcome));
            }
          },
          fault -> answer(ctx, renderer.reply(fault)));
      return ctx.ack();
    }
    async(
        p.getCommand(),
        () -> {
          // Read after the ack, like everything but the checks: the ack waits for nothing else.
          Caller caller = callerOf(p);
          String text = SlackText.decode(p.getText());
          Outcome outcome = helmgate.command(caller, p.getCommand(), text);
          metrics.command(p.getCommand(), text, outcome);
          if (outcome instanceof Outcome.RequestOpened opened) {
            String channel = post(opened, caller);
            respond(ctx, renderer.replyPostedIn(outcome, channel));
          } else if (outcome instanceof Outcome.OpenForm) {
            openModalNow(
                ctx.client(),
                trigger,
                () -> renderer.deployModal(values.environments()),
                fault -> answer(ctx, renderer.reply(fault)));
          } else {
            respond(ctx, renderer.reply(outcome));
            sendFiles(caller.user(), outcome);
          }
        },
        fault -> respond(ctx, renderer.reply(fault)));
    return ctx.ack();
  }

  private static Caller callerOf(SlashCommandPayload p) {
    return new Caller(
        new UserRef(p.getUserId(), p.getUserName()),
        p.getChannelId(),
        isDirect(p.getChannelId(), p.getChannelName()));
  }

  /**
   * A direct message ({@code D…}, {@code directmessage}) or a group direct message ({@code
   * mpdm-…}): a conversation its members chose, not one set aside for approvals.
   */
  static boolean isDirect(String channelId, String channelName) {
    return (channelId != null && channelId.startsWith("D"))
        || "directmessage".equals(channelName)
        || (channelName != null && channelName.startsWith("mpdm-"));
  }

  /** Audit exports and evidence packs go to the person who asked, as files in a direct message. */
  private void sendFiles(UserRef user, Outcome outcome) throws Exception {
    if (outcome instanceof Outcome.AuditReport report) {
      String name = "helmgate-audit-" + report.scope().replace('/', '-');
      upload(
          user,
          name + ".csv",
          exports.toCsv(report.entries()),
          "Audit trail " + report.scope() + " (CSV)");
      upload(
          user,
          name + ".json",
          exports.toJson(report.entries()),
          "Audit trail " + report.scope() + " (JSON)");
    } else if (outcome instanceof Outcome.Evidence evidence) {
      upload(
          user,
          "helmgate-evidence-" + evidence.request().id() + ".json",
          evidencePacks.toJson(evidence),
          "Evidence pack " + evidence.request().id());
    }
  }

  private void upload(UserRef user, String filename, String content, String title)
      throws Exception {
    var im = slack.conversationsOpen(r -> r.users(java.util.List.of(user.id())));
    if (!im.isOk()) {
      throw new IllegalStateException("conversations.open failed: " + im.getError());
    }
    var uploaded =
        slack.filesUploadV2(
            r ->
                r.channel(im.getChannel().getId())
                    .filename(filename)
                    .content(content)
                    .title(title));
    if (!uploaded.isOk()) {
      throw new IllegalStateException("files.uploadV2 failed: " + uploaded.getError());
    }
  }

  /**
   * A modal was submitted as the text of a command: it runs like the command, and the answer goes
   * to the person in a direct message (a modal has no response_url).
   */
  private void submitted(UserRef user, String slashCommand, String text) {
    submitted(formCaller(user), slashCommand, text);
  }

  /** A form with no conversation of its own counts as the person's direct message. */
  private static Caller formCaller(UserRef user) {
    return new Caller(user, user.id(), true);
  }

  private void submitted(Caller caller, String slashCommand, String text) {
    UserRef user = caller.user();
    async(
        slashCommand + " form",
        () -> {
          // A form's answer goes to a direct message: nobody else sees where it was typed.
          Outcome outcome = helmgate.command(caller, slashCommand, text);
          metrics.command(slashCommand, text, outcome);
          if (outcome instanceof Outcome.RequestOpened opened) {
            String channel = post(opened, caller);
            dm(user, renderer.replyPostedIn(outcome, channel));
          } else {
            dm(user, renderer.reply(outcome));
          }
        },
        fault -> dm(user, renderer.reply(fault)));
  }

  /**
   * Stores a new request's message (and, when the message had to cut the change, the whole change
   * for its thread) in the outbox; once Slack has it, the domain goes on (an approved request runs)
   * or, if Slack refuses it for good, the requester is told and the request cancelled. Returns the
   * channel it goes to.
   */
  private String post(Outcome.RequestOpened opened, Caller caller) {
    Request request = opened.request();
    String channel =
        properties.approvalChannel(request.target().environment()).orElse(caller.conversation());
    Rendered message =
        renderer.requestMessage(
            request, Optional.of(opened.preflight()), Optional.of(opened.schedule()));
    outbox.postRequest(
        request.id(), channel, message, request.requester().id(), renderer.fullDiff(request));
    return channel;
  }

  private Response rejectClicked(BlockActionRequest req, ActionContext ctx) {
    var payload = req.getPayload();
    String value = payload.getActions().get(0).getValue();
    String trigger = payload.getTriggerId();
    openModal(
        "reject-modal",
        ctx.client(),
        trigger,
        () -> renderer.rejectModal(value),
        fault -> respond(ctx, renderer.reply(fault)));
    return ctx.ack();
  }

  @FunctionalInterface
  interface Click {
    Outcome apply(RequestId id, UserRef user);
  }

  private Response click(BlockActionRequest req, ActionContext ctx, Click action) {
    var payload = req.getPayload();
    String value = payload.getActions().get(0).getValue();
    UserRef user = new UserRef(payload.getUser().getId(), payload.getUser().getName());
    Optional<RequestId> id = RequestId.parse(value);
    if (id.isEmpty()) {
      return ctx.ack();
    }
    async(
        payload.getActions().get(0).getActionId(),
        id.get(),
        () -> {
          Outcome outcome = action.apply(id.get(), user);
          metrics.click(payload.getActions().get(0).getActionId(), outcome);
          respond(ctx, renderer.reply(outcome));
        },
        fault -> respond(ctx, renderer.reply(fault)));
    return ctx.ack();
  }

  private void respond(ActionContext ctx, Rendered rendered) throws Exception {
    ResponseUrls.send(
        ctx.getSlack(),
        ctx.getResponseUrl(),
        ActionResponse.builder()
            .responseType("ephemeral")
            .replaceOriginal(false)
            .text(rendered.text())
            .blocks(rendered.blocks())
            .build());
  }

  private void respond(SlashCommandContext ctx, Rendered rendered) throws Exception {
    ResponseUrls.send(ctx.getSlack(), ctx.getResponseUrl(), ephemeral(rendered));
  }

  /** The ephemeral answer to a slash command, through its response_url. */
  private static void answer(SlashCommandContext ctx, Rendered rendered) throws Exception {
    ResponseUrls.send(ctx.getSlack(), ctx.getResponseUrl(), ephemeral(rendered));
  }

  /**
   * A response_url answer Slack did not take (it expired after 30 minutes or five uses) is an
   * error, not a silent success: the caller's fault path then tells the log.
   */
  private static void checked(String what, WebhookResponse answer) {
    if (answer == null || answer.getCode() == null || answer.getCode() / 100 != 2) {
      throw new IllegalStateException(
          what
              + " refused the answer: HTTP "
              + (answer == null ? "none" : answer.getCode())
              + (answer == null || answer.getBody() == null ? "" : " " + answer.getBody()));
    }
  }

  /**
   * A direct message, through the outbox: it reaches the person even if Slack is busy now. With the
   * database away (often what the message is about) it is sent straight, once.
   */
  private void dm(UserRef user, Rendered rendered) {
    try {
      outbox.directMessage(user.id(), rendered);
    } catch (DataAccessException databaseAway) {
      new DirectDelivery(slack).post(user.id(), rendered);
    }
  }

  /**
   * Opens a modal on the modal threads, never behind the work pool: a {@code trigger_id} lives
   * three seconds. A refusal ({@code expired_trigger_id} and the like) is told to the clicker.
   */
  private void openModal(
      String what, MethodsClient client, String trigger, Supplier<View> view, FaultReply reply) {
    run(modals, what, null, () -> openModalNow(client, trigger, view, reply), reply);
  }

  private static void openModalNow(
      MethodsClient client, String trigger, Supplier<View> view, FaultReply reply)
      throws Exception {
    ViewsOpenResponse opened = client.viewsOpen(r -> r.triggerId(trigger).view(view.get()));
    if (!opened.isOk()) {
      log.warn("views.open refused: {}", opened.getError());
      reply.send(new Outcome.Error(modalRefused(opened.getError())));
    }
  }

  /** What the clicker reads when Slack would not open the form. */
  static String modalRefused(String error) {
    return "expired_trigger_id".equals(error)
        ? "The form could not open in time (Slack: `expired_trigger_id`): Helmgate took more than"
            + " the three seconds Slack allows. Nothing was done; click or type the command again."
        : "Slack would not open the form (`"
            + error
            + "`). Nothing was done; try again, or type the command with its arguments.";
  }

  private static SlashCommandResponse ephemeral(Rendered rendered) {
    return SlashCommandResponse.builder()
        .responseType("ephemeral")
        .text(rendered.text())
        .blocks(rendered.blocks())
        .build();
  }

  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /** How a listener tells the person who asked that their work failed. */
  @FunctionalInterface
  interface FaultReply {
    void send(Outcome.Error fault) throws Exception;
  }

  /**
   * Runs {@code job} after the acknowledgement. If it throws (a fault no domain call turned into an
   * outcome, such as the database going away), the person is told through {@code reply} rather than
   * left waiting: no listener job commits anything itself (executions run on their own), so the
   * answer can say that nothing was committed.
   */
  private void async(String what, Work job, FaultReply reply) {
    async(what, null, job, reply);
  }

  /** {@link #async(String, Work, FaultReply)} for work on one request: its logs name it. */
  private void async(String what, RequestId request, Work job, FaultReply reply) {
    run(work, what, request, job, reply);
  }

  /** Runs {@code job} on {@code executor}; a full queue is told to the person at once. */
  private void run(Executor executor, String what, RequestId request, Work job, FaultReply reply) {
    if (executor instanceof AnswersPool answers) {
      answers.awaitRoom(); // answers far behind: slow this ack to their pace rather than pile on
    }
    try {
      executor.execute(() -> run(what, request, job, reply));
    } catch (RejectedExecutionException full) {
      // Thousands of tasks are waiting: say so rather than let Bolt answer Slack with a 500 the
      // person never understands; on a thread of its own, so that the ack is not held up by it.
      log.warn("{} refused: the work queue is full", what);
      BUSY_REPLIES.execute(
          () -> {
            try {
              reply.send(new Outcome.Error(BUSY));
            } catch (Exception notTold) {
              log.warn(
                  "{} refused and the reply saying so failed too: {}", what, notTold.getMessage());
            }
          });
    }
  }

  /**
   * Sends the busy answers: one thread and a short queue; past it an answer is dropped and only the
   * warning above is logged.
   */
  private static final java.util.concurrent.ExecutorService BUSY_REPLIES =
      new java.util.concurrent.ThreadPoolExecutor(
          1,
          1,
          0,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.ArrayBlockingQueue<>(100),
          r -> {
            Thread t = new Thread(r, "helmgate-busy-replies");
            t.setDaemon(true);
            return t;
          },
          new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

  /** What a person is told when Helmgate has more work queued than it can take. */
  static final String BUSY =
      "Helmgate is too busy to take this now; nothing was done. Try again in a minute.";

  private void run(String what, RequestId request, Work job, FaultReply reply) {
    MDC.put("slackAction", what);
    if (request != null) {
      MDC.put(RequestLogs.KEY, request.toString());
    }
    try {
      job.run();
    } catch (Exception e) {
      log.warn("{} failed: {}", what, e.getMessage(), e);
      try {
        reply.send(new Outcome.Error(unfinished(e)));
      } catch (Exception notTold) {
        log.warn("{} failed and the reply saying so failed too: {}", what, notTold.getMessage());
      }
    } finally {
      MDC.remove("slackAction");
      MDC.remove(RequestLogs.KEY);
    }
  }

  /** What to tell a person whose command or click failed on a fault. */
  static String unfinished(Throwable e) {
    return "Helmgate could not finish this: "
        + cause(e)
        + ". Nothing was committed; `/deploy pending` shows whether a request was recorded.";
  }

  private static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HelmgateException) {
        return t.getMessage();
      }
      if (t instanceof DataAccessException
          || t instanceof org.springframework.transaction.TransactionException) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        // The driver's text can quote SQL and the values in it (a reason, a lock note): one safe,
        // capped line, like any other remote's text.
        return "its database failed ("
            + (root.getMessage() == null
                ? root.getClass().getSimpleName()
                : io.helmgate.bot.logging.RemoteText.summary(root.getMessage(), 120))
            + ")";
      }
    }
    return "an internal error (" + e.getClass().getSimpleName() + ")";
  }
}
