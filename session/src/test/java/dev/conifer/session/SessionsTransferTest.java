package dev.conifer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.router.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bulk transfers with SHA-256 checks through a chain of in-memory relays: sender - 3 relays -
 * receiver. Data is seeded; a failure prints the seed.
 */
@Tag("quic")
@Timeout(120)
class SessionsTransferTest {
  private static final long SEED = Long.getLong("sessions.seed", 20261124L);
  private static final long MIB = 1 << 20;
  private final TestOverlay overlay = new TestOverlay();
  private final AtomicLong received = new AtomicLong();
  private List<Router> chain;
  private Sessions sender;
  private Sessions receiver;

  @BeforeEach
  void start() {
    QuicAvailable.assume();
    chain = overlay.chain(1, 5); // 1 - 2 - 3 - 4 - 5: three relays between the ends
    sender = overlay.sessions(chain.get(0), 1, SessionConfig.defaults());
    receiver = overlay.sessions(chain.get(4), 5, SessionConfig.defaults());
    receiver.listen(Transfers.SINK, Transfers.sink(received));
  }

  @AfterEach
  void close() {
    overlay.close();
  }

  @Test
  void hundredMebibytesCrossThreeRelaysIntact() throws Exception {
    long bytes = 100 * MIB;
    Transfers.Result result = Transfers.send(sender, receiver.publicKey(), bytes, SEED);
    System.out.printf(
        "100 MiB through 3 relays: %.1f MiB/s%n", bytes / (double) MIB / (result.nanos() / 1e9));
    assertThat(result.intact(bytes)).as("reproduce: -Dsessions.seed=%d", SEED).isTrue();
  }

  @Test
  void eightParallelStreamsStayIntact() throws Exception {
    long bytes = 2 * MIB;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Transfers.Result>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long seed = SEED + i;
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return Transfers.send(sender, receiver.publicKey(), bytes, seed);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      for (int i = 0; i < runs.size(); i++) {
        Transfers.Result result = runs.get(i).get(60, TimeUnit.SECONDS);
        assertThat(result.intact(bytes)).as("reproduce: -Dsessions.seed=%d", SEED + i).isTrue();
      }
      assertThat(sender.connectionCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void restartingTheMiddleRelayResumesOrFailsClearlyNeverCorrupts() throws Exception {
    long bytes = 24 * MIB;
    CompletableFuture<Transfers.Result> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Transfers.send(sender, receiver.publicKey(), bytes, SEED);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> received.get() > 4 * MIB || run.isDone());
    assertThat(run).isNotDone();

    chain.get(2).close(); // the middle relay dies ...
    Router back = overlay.router(3); // ... and comes back with the same key
    TestOverlay.link(chain.get(1), back);
    TestOverlay.link(back, chain.get(3));

    try {
      Transfers.Result result = run.get(90, TimeUnit.SECONDS);
      assertThat(result.intact(bytes)).as("reproduce: -Dsessions.seed=%d", SEED).isTrue();
      System.out.println("middle relay restart: QUIC resumed the transfer, data intact");
    } catch (ExecutionException e) {
      // Acceptable only as a clear session error naming the peer, never as bad data.
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      assertThat(cause).isInstanceOf(SessionException.class);
      assertThat(cause.getMessage()).contains(receiver.publicKey().toHex());
    }
  }
}
