package dev.conifer.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterEventsTest {
  // The JDK's platform logger goes to java.util.logging when no other backend is installed.
  private final Logger julLogger = Logger.getLogger(RouterEvents.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    julLogger.addHandler(capture);
  }

  @AfterEach
  void release() {
    julLogger.removeHandler(capture);
  }

  @Test
  void aListenerThatThrowsIsCountedAndLoggedAtWarningAndTheOthersStillHearIt() {
    RouterMetrics metrics = new RouterMetrics(null);
    RouterEvents events = new RouterEvents(metrics);
    List<Throwable> heard = new CopyOnWriteArrayList<>();
    events.add(
        new RouterListener() {
          @Override
          public void onInternalError(Throwable error) {
            throw new IllegalStateException("listener bug");
          }
        });
    events.add(
        new RouterListener() {
          @Override
          public void onInternalError(Throwable error) {
            heard.add(error);
          }
        });

    events.internalError(new IllegalArgumentException("core bug"));

    assertThat(heard).extracting(Throwable::getMessage).containsExactly("core bug");
    // One for the core's bug, one for the listener that threw while hearing of it.
    assertThat(metrics.listenerErrorCount()).isEqualTo(2);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.get(0).getMessage()).contains("onInternalError", "conifer.router.errors");
    assertThat(logged.get(0).getThrown()).hasMessage("listener bug");
  }
}
