package io.helmgate.bot.testsupport.argocd;

/**
 * One sync window of the application's AppProject, as {@code GET …/syncwindows} reports it. The
 * stand-in does not evaluate cron: whether the window is open now is {@link #active()}, set by the
 * test.
 *
 * @param kind {@code allow} or {@code deny}
 * @param schedule five-field cron, e.g. {@code 0 22 * * *}
 * @param duration Go duration, e.g. {@code 1h}
 * @param manualSync manual syncs (every API sync) pass this window
 * @param active the window is open now
 */
public record SyncWindow(
    String kind, String schedule, String duration, boolean manualSync, boolean active) {

  /** A deny window that is open now and lets no manual sync through. */
  public static SyncWindow denyNow(String schedule, String duration) {
    return new SyncWindow("deny", schedule, duration, false, true);
  }

  /** An allow window that is not open now. */
  public static SyncWindow allowLater(String schedule, String duration) {
    return new SyncWindow("allow", schedule, duration, false, false);
  }

  /** The same window, letting manual syncs through. */
  public SyncWindow withManualSync() {
    return new SyncWindow(kind, schedule, duration, true, active);
  }

  /** The same window, open or closed. */
  public SyncWindow withActive(boolean open) {
    return new SyncWindow(kind, schedule, duration, manualSync, open);
  }
}
