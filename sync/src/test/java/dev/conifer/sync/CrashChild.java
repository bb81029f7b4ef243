package dev.conifer.sync;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.link.SyncStreamRunner;
import dev.conifer.sync.store.SyncDirectory;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A child JVM for {@link CrashRecoveryTest}, killed with SIGKILL at seeded points. Modes: {@code
 * write DIR NS_SEED_HEX COUNT} writes keys k0..k(COUNT-1) and prints "ack N" after each put
 * returns; {@code sync DIR NODE_SEED_HEX NS_HEX READ_GRANT_HEX} syncs over stdin/stdout.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    byte[] seed = HexFormat.of().parseHex(args[2]);
    long startUs = 1_780_000_000_000_000L;
    long[] clock = {startUs};
    if (args[0].equals("write")) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      try (SyncNode node =
          new SyncNode(
              dir,
              Ed25519.signerFromSeed(new byte[32]),
              new MemoryContentStore(),
              null,
              SyncConfig.defaults(),
              () -> clock[0]++)) {
        PublicKey ns =
            node.directory().namespace("crash") == null
                ? node.createNamespace("crash", seed, SyncDirectory.ContentPolicy.LAZY).namespace()
                : node.directory().namespace("crash").namespace();
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
          node.put(ns, "k" + i, ("value " + i).getBytes(StandardCharsets.UTF_8), false);
          out.println("ack " + i);
        }
      }
      return;
    }
    PublicKey ns = PublicKey.fromHex(args[3]);
    Grant grant = Grant.decode(java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(args[4])));
    PublicKey remote = PublicKey.fromHex(args[5]);
    try (SyncNode node =
        new SyncNode(
            dir,
            Ed25519.signerFromSeed(seed),
            new MemoryContentStore(),
            null,
            SyncConfig.defaults(),
            () -> clock[0])) {
      node.joinNamespace("crash", grant, null, SyncDirectory.ContentPolicy.LAZY);
      SyncSession session = node.initiate(remote, Interest.all(ns), 7);
      OutputStream out = new BufferedOutputStream(System.out);
      SyncStreamRunner.run(session, System.in, out, () -> clock[0]);
      out.close();
      if (session.failure() != null) {
        System.exit(3);
      }
    }
  }
}
