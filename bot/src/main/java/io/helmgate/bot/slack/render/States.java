package io.helmgate.bot.slack.render;

import io.helmgate.domain.request.RequestState;

/** How a request's state looks in Slack: one emoji and one word, the same everywhere. */
final class States {

  private States() {}

  static String emoji(RequestState state) {
    return switch (state) {
      case PENDING_APPROVAL -> ":hourglass:";
      case APPROVED -> ":ballot_box_with_check:";
      case SCHEDULED -> ":calendar:";
      case EXECUTING -> ":arrows_counterclockwise:";
      case SUCCEEDED -> ":white_check_mark:";
      case FAILED -> ":x:";
      case REJECTED -> ":no_entry:";
      case CANCELLED -> ":heavy_multiplication_x:";
      case EXPIRED -> ":alarm_clock:";
      case STALE -> ":warning:";
    };
  }

  static String word(RequestState state) {
    return switch (state) {
      case PENDING_APPROVAL -> "Waiting for approval";
      case APPROVED -> "Approved";
      case SCHEDULED -> "Scheduled";
      case EXECUTING -> "Executing";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case REJECTED -> "Rejected";
      case CANCELLED -> "Cancelled";
      case EXPIRED -> "Expired";
      case STALE -> "Stale";
    };
  }
}
