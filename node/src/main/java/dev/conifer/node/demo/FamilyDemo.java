package dev.conifer.node.demo;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncConfig;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.SyncSession;
import dev.conifer.sync.content.ContentFetcher;
import dev.conifer.sync.content.MemoryContentStore;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.entry.Interest;
import dev.conifer.sync.entry.MergeableDocuments;
import dev.conifer.sync.link.MemorySyncLink;
import dev.conifer.sync.store.SyncDirectory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.automerge.AmValue;
import org.automerge.ChangeHash;
import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.Transaction;

/**
 * {@code conifer demo family}: two laptops, a phone and an always-on home node in one process.
 * Loads five learning paths (Automerge documents plus blobs), takes one laptop offline, edits on
 * both sides, reconnects, and prints what synced and why. Sessions run in memory ({@link
 * MemorySyncLink}); clocks are virtual so a seed reproduces the run.
 */
public final class FamilyDemo {
  private static final long T0_US = 1_780_000_000_000_000L;
  private static final String[] PATHS = {"soil", "seeds", "compost", "water", "harvest"};

  private final PrintStream out;
  private final Random random;
  private final Map<PublicKey, MemoryContentStore> blobs = new HashMap<>();
  private final List<SyncNode> nodes = new ArrayList<>();
  private final AtomicLong clockUs = new AtomicLong(T0_US);

  private FamilyDemo(PrintStream out, long seed) {
    this.out = out;
    this.random = new Random(seed);
  }

  /** Runs the demo with data under {@code dataDirectory}; returns 0 if everything converged. */
  public static int run(Path dataDirectory, PrintStream out, long seed) {
    FamilyDemo demo = new FamilyDemo(out, seed);
    try {
      return demo.play(dataDirectory);
    } finally {
      demo.nodes.forEach(SyncNode::close);
    }
  }

  private SyncNode node(Path dir, String name) {
    MemoryContentStore content = new MemoryContentStore();
    ContentFetcher fetcher =
        (holder, hash, length) -> {
          MemoryContentStore remote = blobs.get(holder);
          byte[] bytes = remote == null ? null : remote.get(hash);
          if (bytes == null) {
            return false;
          }
          content.put(bytes);
          return true;
        };
    SyncNode node =
        new SyncNode(
            dir.resolve(name),
            Ed25519.signerFromSeed(seed()),
            content,
            fetcher,
            SyncConfig.defaults(),
            clockUs::get);
    blobs.put(node.nodeKey(), content);
    nodes.add(node);
    return node;
  }

  private int play(Path dir) {
    String automerge = MergeableDocuments.unavailableReason();
    if (automerge != null) {
      out.println("Automerge cannot load here (" + automerge + "): the demo needs it.");
      return 2;
    }
    SyncNode home = node(dir, "home");
    SyncNode laptopA = node(dir, "laptop-a");
    SyncNode laptopB = node(dir, "laptop-b");
    SyncNode phone = node(dir, "phone");
    PublicKey ns =
        home.createNamespace("learning", seed(), SyncDirectory.ContentPolicy.EAGER).namespace();
    for (SyncNode laptop : List.of(laptopA, laptopB)) {
      laptop.joinNamespace(
          "learning",
          home.grant(ns, laptop.nodeKey(), Grant.Mode.READ),
          home.grant(ns, laptop.nodeKey(), Grant.Mode.WRITE),
          SyncDirectory.ContentPolicy.EAGER);
    }
    phone.joinNamespace(
        "learning",
        home.grant(ns, phone.nodeKey(), Grant.Mode.READ),
        null,
        SyncDirectory.ContentPolicy.LAZY);
    for (SyncNode n : List.of(laptopA, laptopB, phone)) {
      n.directory().putPartner(home.nodeKey(), "home");
      home.directory().putPartner(n.nodeKey(), name(n, home, laptopA, laptopB));
    }
    out.println(
        "== family cluster: home "
            + home.nodeKey().shortHex()
            + ", laptop-a "
            + laptopA.nodeKey().shortHex()
            + ", laptop-b "
            + laptopB.nodeKey().shortHex()
            + ", phone "
            + phone.nodeKey().shortHex()
            + "; namespace learning "
            + ns.shortHex());

    out.println("\n== laptop-a loads 5 learning paths (Automerge documents + blobs)");
    for (String p : PATHS) {
      Document doc = new Document();
      try (Transaction t = doc.startTransaction()) {
        t.set(ObjectId.ROOT, "title", "Learning path: " + p);
        t.set(ObjectId.ROOT, "level", "beginner");
        t.commit();
      }
      laptopA.put(ns, "paths/" + p, doc.save(), true);
      laptopA.put(
          ns,
          "media/" + p + ".txt",
          ("Notes and pictures about " + p + ".\n").repeat(40).getBytes(StandardCharsets.UTF_8),
          false);
      doc.free();
    }
    tick(1);
    show("laptop-a -> home", MemorySyncLink.sync(laptopA, home, Interest.all(ns), salt()));
    show("laptop-b -> home", MemorySyncLink.sync(laptopB, home, Interest.all(ns), salt()));
    show(
        "phone -> home (only paths/)",
        MemorySyncLink.sync(phone, home, Interest.prefix(ns, bytes("paths/")), salt()));

    out.println("\n== laptop-b goes offline; both laptops edit");
    tick(60);
    editPath(laptopB, ns, "soil", "noteFromB", "Add worm castings");
    laptopB.put(ns, "notes/todo", bytes("buy seeds"), false);
    tick(30);
    editPath(laptopA, ns, "soil", "level", "intermediate");
    laptopA.put(ns, "notes/todo", bytes("water the beds"), false);
    laptopA.put(ns, "notes/a-only", bytes("laptop-a was here"), false);
    show(
        "laptop-a -> home (laptop-b still offline)",
        MemorySyncLink.sync(laptopA, home, Interest.all(ns), salt()));

    out.println("\n== laptop-b reconnects: a peer coming up triggers sync");
    tick(3600);
    show("laptop-b -> home", MemorySyncLink.sync(laptopB, home, Interest.all(ns), salt()));
    show("laptop-a -> home", MemorySyncLink.sync(laptopA, home, Interest.all(ns), salt()));
    show(
        "phone -> home (only paths/)",
        MemorySyncLink.sync(phone, home, Interest.prefix(ns, bytes("paths/")), salt()));

    out.println("\n== why: conifer sync why learning notes/todo (on home)");
    out.print(SyncCommands.why(home, ns, "notes/todo"));
    out.println("\n== why: conifer sync why learning paths/soil (on laptop-b)");
    out.print(SyncCommands.why(laptopB, ns, "paths/soil"));
    Document merged = Document.load(laptopB.get(ns, "paths/soil", List.of(home.nodeKey())));
    out.println(
        "merged paths/soil on laptop-b: level="
            + field(merged, "level")
            + ", noteFromB="
            + field(merged, "noteFromB"));
    merged.free();

    boolean converged = sameEntries(ns, home, laptopA) && sameEntries(ns, home, laptopB);
    out.println(
        "\n== phone holds "
            + phone.store().currentCount(ns)
            + " entries (paths/ only), "
            + blobs.get(phone.nodeKey()).size()
            + " blobs (lazy: fetched on read)");
    out.println("== status on home\n" + SyncCommands.status(home));
    out.println(
        converged
            ? "RESULT: home and both laptops converged to the same entries"
            : "RESULT: NOT converged");
    return converged ? 0 : 1;
  }

  private void editPath(SyncNode node, PublicKey ns, String path, String field, String value) {
    Document doc = Document.load(node.get(ns, "paths/" + path, List.of()));
    ChangeHash[] before = doc.getHeads();
    try (Transaction t = doc.startTransaction()) {
      t.set(ObjectId.ROOT, field, value);
      t.commit();
    }
    node.put(ns, "paths/" + path, doc.encodeChangesSince(before), true);
    doc.free();
  }

  private void show(String what, SyncSession s) {
    out.printf(
        "  %-42s %s: received %d, sent %d entries, %d round trips, %,d bytes%n",
        what,
        s.failure() == null ? "ok" : "FAILED " + s.failure(),
        s.entriesReceived(),
        s.entriesSent(),
        s.roundTrips(),
        s.bytesSent() + s.bytesReceived());
  }

  private static boolean sameEntries(PublicKey ns, SyncNode a, SyncNode b) {
    List<String> x = new ArrayList<>();
    List<String> y = new ArrayList<>();
    a.list(ns, "", 100_000).forEach(e -> x.add(e.idHex()));
    b.list(ns, "", 100_000).forEach(e -> y.add(e.idHex()));
    return x.equals(y);
  }

  private static String field(Document d, String key) {
    return d.get(ObjectId.ROOT, key)
        .map(v -> v instanceof AmValue.Str s ? s.getValue() : v.toString())
        .orElse("-");
  }

  private static String name(SyncNode n, SyncNode home, SyncNode a, SyncNode b) {
    return n == a ? "laptop-a" : n == b ? "laptop-b" : n == home ? "home" : "phone";
  }

  private void tick(long seconds) {
    clockUs.addAndGet(seconds * 1_000_000);
  }

  private byte[] seed() {
    byte[] s = new byte[32];
    random.nextBytes(s);
    return s;
  }

  private long salt() {
    return random.nextLong();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code java ... dev.conifer.sync.FamilyDemo DIR [SEED]}, until the CLI wires it. */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/family-demo");
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    System.exit(run(dir, System.out, seed));
  }
}
