package io.helmgate.bot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.service.RequestWork;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestLogsTest {

  @AfterEach
  void clean() {
    MDC.clear();
  }

  @Test
  void workRunsWithTheRequestIdAndLeavesWhatWasThereBefore() {
    MDC.put(RequestLogs.KEY, "R-1");
    AtomicReference<String> during = new AtomicReference<>();

    RequestLogs.run(new RequestId(42), () -> during.set(MDC.get(RequestLogs.KEY)));

    assertThat(during.get()).isEqualTo("R-42");
    assertThat(MDC.get(RequestLogs.KEY)).isEqualTo("R-1");
  }

  @Test
  void theLabelIsRemovedEvenWhenTheWorkFails() {
    try {
      RequestLogs.run(
          new RequestId(7),
          () -> {
            throw new IllegalStateException("database gone");
          });
    } catch (IllegalStateException expected) {
      // the failure is the caller's to handle
    }

    assertThat(MDC.get(RequestLogs.KEY)).isNull();
  }

  @Test
  void onlyARequestsWorkIsLabelled() {
    RequestLogs.label(() -> {});
    assertThat(MDC.get(RequestLogs.KEY)).isNull();

    RequestLogs.label(new RequestWork(new RequestId(9), () -> {}));
    assertThat(MDC.get(RequestLogs.KEY)).isEqualTo("R-9");

    RequestLogs.clear();
    assertThat(MDC.get(RequestLogs.KEY)).isNull();
  }
}
