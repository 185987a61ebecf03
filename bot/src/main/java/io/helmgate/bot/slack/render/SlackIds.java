package io.helmgate.bot.slack.render;

import io.helmgate.domain.Target;

/**
 * The action ids, block ids and callback ids that the rendered messages and views carry and the
 * Slack listeners match. In modals each input's {@code block_id} and {@code action_id} are the same
 * string, so a listener reads {@code state.values[ID][ID]}.
 */
public final class SlackIds {

  /** Button: approve the request whose id ({@code R-42}) is the button's value. */
  public static final String APPROVE = "helmgate-approve";

  /** Button: reject the request in the value; the listener opens {@link #REJECT_MODAL}. */
  public static final String REJECT = "helmgate-reject";

  /** Button: cancel the request in the value. */
  public static final String CANCEL = "helmgate-cancel";

  /**
   * Button: roll back; the value is {@code <customer>/<product> <env> <commit>}, the commit whose
   * values are restored (see {@link #rollbackValue}).
   */
  public static final String ROLLBACK_TO = "helmgate-rollback-to";

  /** Modal callback id: reject with an optional reason; {@code private_metadata} is the id. */
  public static final String REJECT_MODAL = "helmgate-reject-modal";

  /**
   * Modal callback id: roll back with a reason; {@code private_metadata} is the button value, then
   * the id of the channel whose message held the button (absent for a direct conversation).
   */
  public static final String ROLLBACK_MODAL = "helmgate-rollback-modal";

  /** Roll back modal: the reason (plain text input). */
  public static final String ROLLBACK_REASON = "helmgate-rollback-reason";

  /** Modal callback id: the {@code /deploy} form. */
  public static final String DEPLOY_MODAL = "helmgate-deploy-modal";

  /** Block id of a request message's Approve / Reject / Cancel row. */
  public static final String REQUEST_ACTIONS = "helmgate-request-actions";

  /** Reject modal: the optional reason (plain text input). */
  public static final String REJECT_REASON = "helmgate-reject-reason";

  /** Deploy form: customer (static select). */
  public static final String FORM_CUSTOMER = "helmgate-form-customer";

  /** Deploy form: product (static select). */
  public static final String FORM_PRODUCT = "helmgate-form-product";

  /** Deploy form: environment (static select). */
  public static final String FORM_ENVIRONMENT = "helmgate-form-environment";

  /** Deploy form: optional environment to promote from (static select). */
  public static final String FORM_FROM = "helmgate-form-from";

  /** Deploy form: optional {@code key=value} lines (plain text input, one per line). */
  public static final String FORM_VALUES = "helmgate-form-values";

  /** Deploy form: optional time, as {@code at=} takes it (plain text input). */
  public static final String FORM_AT = "helmgate-form-at";

  /** Deploy form: reason (plain text input). */
  public static final String FORM_REASON = "helmgate-form-reason";

  /** Deploy form: break-glass (checkboxes with the single option {@link #BREAK_GLASS_OPTION}). */
  public static final String FORM_BREAK_GLASS = "helmgate-form-break-glass";

  /** The value of the break-glass checkbox option. */
  public static final String BREAK_GLASS_OPTION = "break-glass";

  private SlackIds() {}

  /** {@code acme/payments prod 3f2a9c1}: the value of a {@link #ROLLBACK_TO} button. */
  public static String rollbackValue(Target target, String commit) {
    return target.app() + " " + target.environment() + " " + commit;
  }
}
