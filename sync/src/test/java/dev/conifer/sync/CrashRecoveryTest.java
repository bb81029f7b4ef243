package dev.conifer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.link.SyncStreamRunner;
import dev.conifer.sync.reconcile.ReconcileConfig;
import dev.conifer.sync.store.SyncDirectory;
import dev.conifer.sync.wire.SyncMessages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it writes or syncs, then checks nothing acknowledged is
 * lost.
 */
@Timeout(120)
class CrashRecoveryTest {
  private static final long SEED = Long.getLong("sync.seed", 8L);
  private static final int ENTRY_COUNT = 200;
  @TempDir Path dir;

  @Test
  void killDuringWritesLosesNoAcknowledgedWrite() throws Exception {
    Random random = new Random(SEED);
    byte[] nsSeed = new byte[32];
    random.nextBytes(nsSeed);
    int acked = 0;
    for (int round = 0; round < 2; round++) {
      int killAfter = 5 + random.nextInt(40);
      Process child = start("write", dir.toString(), HexFormat.of().formatHex(nsSeed), "1000");
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int seen = 0;
      String line;
      while (seen < killAfter && (line = out.readLine()) != null) {
        assertThat(line).startsWith("ack ");
        seen++;
      }
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      acked = seen;
      try (SyncNode node = open(dir, new byte[32])) {
        PublicKey ns = node.directory().namespace("crash").namespace();
        List<String> keys = new ArrayList<>();
        node.list(ns, "k", 1_000_000).forEach(e -> keys.add(e.keyString()));
        for (int i = 0; i < acked; i++) {
          assertThat(keys).as("reproduce: -Dsync.seed=%d, round %d", SEED, round).contains("k" + i);
        }
      }
    }
  }

  @Test
  void killDuringSyncLosesNothingAndSyncResumes() throws Exception {
    Random random = new Random(SEED);
    byte[] nsSeed = new byte[32];
    byte[] childSeed = new byte[32];
    random.nextBytes(nsSeed);
    random.nextBytes(childSeed);
    PublicKey childKey = Ed25519.signerFromSeed(childSeed).publicKey();
    SyncConfig smallFrames = new SyncConfig(60_000_000L, 16, new ReconcileConfig(32, 32, 8192));
    try (SyncNode home =
        new SyncNode(
            dir.resolve("home"),
            Ed25519.signerFromSeed(new byte[32]),
            new MemoryContentStore(),
            null,
            smallFrames,
            () -> 1_780_000_000_000_000L)) {
      PublicKey ns =
          home.createNamespace("crash", nsSeed, SyncDirectory.ContentPolicy.LAZY).namespace();
      byte[] big = new byte[2000];
      for (int i = 0; i < ENTRY_COUNT; i++) {
        home.put(ns, "key/" + i, big, false); // ~40 entries per 8 KiB ENTRIES frame
      }
      String grant = HexFormat.of().formatHex(home.grant(ns, childKey, Grant.Mode.READ).encode());
      String[] args = {
        "sync",
        dir.resolve("laptop").toString(),
        HexFormat.of().formatHex(childSeed),
        ns.toHex(),
        grant,
        home.nodeKey().toHex()
      };

      // First attempt: kill the child after it has received a seeded number of frames.
      int framesBeforeKill = 2 + random.nextInt(2);
      Process child = start(args);
      SyncSession first = home.respond(childKey);
      int frames = 0;
      while (frames < framesBeforeKill + 1) {
        byte[] m;
        while ((m = first.pollMessage()) != null) {
          SyncMessages.writeFrame(child.getOutputStream(), m);
          frames++;
        }
        child.getOutputStream().flush();
        if (frames >= framesBeforeKill + 1 || first.finished()) {
          break;
        }
        first.handleMessage(SyncMessages.readFrame(child.getInputStream()), home.nowEpochUs());
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long afterKill;
      try (SyncNode laptop = open(dir.resolve("laptop"), childSeed)) {
        afterKill = laptop.store().currentCount(ns);
      }

      // Second attempt runs to completion and moves only what is still missing.
      Process again = start(args);
      SyncSession second = home.respond(childKey);
      SyncStreamRunner.run(
          second, again.getInputStream(), again.getOutputStream(), home::nowEpochUs);
      again.getOutputStream().close();
      assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(again.exitValue()).isZero();
      assertThat(second.failure()).isNull();
      try (SyncNode laptop = open(dir.resolve("laptop"), childSeed)) {
        assertThat(laptop.store().currentCount(ns)).isEqualTo(ENTRY_COUNT);
      }
      assertThat(second.entriesSent())
          .as("reproduce: -Dsync.seed=%d", SEED)
          .isEqualTo(ENTRY_COUNT - afterKill);
    }
  }

  private static SyncNode open(Path d, byte[] seed) {
    byte[] s = java.util.Arrays.copyOf(seed, 32);
    return new SyncNode(
        d,
        Ed25519.signerFromSeed(s),
        new MemoryContentStore(),
        null,
        SyncConfig.defaults(),
        () -> 1_780_000_000_000_000L);
  }

  private static Process start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashChild.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
