package dev.conifer.bench.crypto;

import dev.conifer.bench.wire.BenchFrames;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.VerificationCache;
import dev.conifer.snek.wire.SwitchAnnouncement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a depth-8 announcement chain (8 signatures over growing prefixes) with plain Ed25519
 * versus a warm {@link VerificationCache}, as when many peers relay the same chain. Target: cached
 * at least 20 times faster.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnnouncementVerifyBenchmark {
  private SwitchAnnouncement announcement;
  private VerificationCache cache;

  @Setup
  public void setUp() {
    announcement = BenchFrames.announcement(8);
    cache = new VerificationCache(Ed25519.VERIFIER, 1024);
    if (!announcement.verify(cache) || cache.size() != 8) {
      throw new IllegalStateException("benchmark chain does not verify");
    }
  }

  @Benchmark
  public boolean verifyDepth8Uncached() {
    return announcement.verify(Ed25519.VERIFIER);
  }

  @Benchmark
  public boolean verifyDepth8Cached() {
    return announcement.verify(cache);
  }
}
