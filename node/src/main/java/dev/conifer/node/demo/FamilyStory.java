package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first half of the story: the devices start and link up, laptop-a creates the five learning
 * paths and shares one ticket, the others join, and the always-on nodes are told whom to hold for.
 * Everything is done with the commands a person would type.
 */
final class FamilyStory {
  static final String NS = FamilyState.NS;
  private static final Pattern HEX64 = Pattern.compile("\\b[0-9a-f]{64}\\b");

  final Narrator n;
  final Cast cast;
  final Links links;
  final FamilyState state;
  final Convergence convergence;
  final Checks checks;
  final Path content;

  /** Attachment blob hash by file name, in the order they were added. */
  final Map<String, String> attachments = new LinkedHashMap<>();

  String namespace;
  String ticket;
  final Map<FamilyNode, String> uplinks = new LinkedHashMap<>();

  FamilyStory(Narrator n, Cast cast, Checks checks, Path content) {
    this.n = n;
    this.cast = cast;
    this.links = new Links(n);
    this.state = new FamilyState(n);
    this.convergence = new Convergence(state);
    this.checks = checks;
    this.content = content;
  }

  void start() throws InterruptedException {
    n.step(
        "Five devices start, each a separate 'conifer node' process with its own data directory");
    n.say("home and grandparent are always on; the laptops and the phone come and go. Only the");
    n.say(
        "always-on nodes listen; the others dial out. home also serves the doorway for browsers.");
    cast.startAll(n);
    for (FamilyNode node : cast.all()) {
      n.say(
          String.format(
              "%-12s %-9s pid %-7d key %s %s",
              node.name,
              node.role,
              node.daemon().pid(),
              node.shortKey(),
              String.join(" ", node.listening())
                  + (node.doorway ? " doorway " + node.doorwayUri() : "")));
    }
  }

  void link() throws InterruptedException {
    n.step("The devices link up: TCP, one WebSocket, one QUIC");
    n.say(
        "laptop-a dials home over TCP, laptop-b over a WebSocket, grandparent over QUIC, and the");
    n.say(
        "phone reaches the grandparent over TCP. Each link is a static peer of the dialling device.");
    uplinks.put(cast.laptopA, cast.home.listening("tcp"));
    uplinks.put(cast.laptopB, cast.home.listening("ws"));
    uplinks.put(cast.grandparent, cast.home.listening("quic"));
    uplinks.put(cast.phone, cast.grandparent.listening("tcp"));
    n.runAll(
        uplinks.entrySet().stream()
            .map(e -> new String[] {"peers", "add", e.getValue(), "--data", e.getKey().data()})
            .toList());
    for (FamilyNode dialer : uplinks.keySet()) {
      links.await(dialer, 1, true);
    }
    links.await(cast.home, 3, true);
    n.say("home now sees its three links (the last column is how each peer arrived):");
    n.run("peers", "ls", "--data", cast.home.data());
  }

  void createPaths() {
    n.step("laptop-a creates the namespace 'learning' and five learning paths");
    n.say(
        "Each path is an Automerge document (title, steps, notes, and its cover picture as a blob");
    n.say(
        "reference), so concurrent edits of different fields merge. Each cover is a PNG drawn by the");
    n.say("demo, added as a blob and also kept under files/ in the namespace, so sync carries it.");
    String out = n.run("sync", "ns", "create", NS, "--data", cast.laptopA.data());
    namespace = hex(out, "sync ns create");
    for (LearningPaths.LearningPath p : LearningPaths.ALL) {
      Path cover = LearningPaths.writeCover(content, p);
      String hash = addAttachment(cast.laptopA, "files/" + p.slug() + "/cover.png", cover);
      n.run(
          "sync",
          "put",
          NS,
          p.key(),
          p.json(blobRef(hash, cover)),
          "--merge",
          "--data",
          cast.laptopA.data());
    }
  }

  /** {@code blobs add} (a pinned blob the node publishes) and the same bytes as a sync value. */
  String addAttachment(FamilyNode node, String key, Path file) {
    String hash = hex(n.run("blobs", "add", file.toString(), "--data", node.data()), "blobs add");
    n.run("sync", "put", NS, key, "--file", file.toString(), "--data", node.data());
    attachments.put(file.getFileName().toString(), hash);
    return hash;
  }

  /** The doorway's blob reference: an object it renders as an image. */
  static String blobRef(String hash, Path file) {
    return "{\"blob\":\""
        + hash
        + "\",\"type\":\"image/png\",\"name\":\""
        + file.getFileName()
        + "\"}";
  }

  void shareAndJoin() {
    n.step("laptop-a shares one ticket; the other four devices join with it");
    n.say(
        "The ticket carries the namespace, a write capability and laptop-a's key. Anyone holding it");
    n.say(
        "can join until it expires, so it is passed like a house key. Joining makes laptop-a a sync");
    n.say(
        "partner; each device also makes the two always-on nodes its partners, so it keeps in sync");
    n.say("through them while the laptop is away.");
    ticket =
        n.run(
                "sync",
                "ns",
                "share",
                NS,
                "--write",
                "--expires",
                "30d",
                "--data",
                cast.laptopA.data())
            .strip();
    for (FamilyNode node : List.of(cast.home, cast.grandparent, cast.laptopB, cast.phone)) {
      n.run("sync", "ns", "join", ticket, "--name", NS, "--data", node.data());
    }
    List<String[]> partners = new ArrayList<>(partnerCommands(cast.home, cast.grandparent));
    for (FamilyNode device : List.of(cast.laptopB, cast.phone)) {
      partners.addAll(partnerCommands(device, cast.home));
      partners.addAll(partnerCommands(device, cast.grandparent));
    }
    n.runAll(partners);
    n.say(
        "From now on the phone syncs only the documents, not new attachments (partial sync by key");
    n.say("prefix; what it already received stays):");
    n.run("sync", "ns", "interest", NS, "paths/", "--data", cast.phone.data());
    n.say("home publishes the namespace on its doorway, read-only, for relatives with a browser:");
    n.run("sync", "ns", "publish", NS, "--data", cast.home.data());
  }

  /** Makes {@code a} and {@code b} sync partners of each other. */
  void partner(FamilyNode a, FamilyNode b) {
    n.runAll(partnerCommands(a, b));
  }

  static List<String[]> partnerCommands(FamilyNode a, FamilyNode b) {
    return List.of(
        new String[] {"sync", "partners", "add", b.publicKey(), b.name, "--data", a.data()},
        new String[] {"sync", "partners", "add", a.publicKey(), a.name, "--data", b.data()});
  }

  void trust() {
    n.step("Replication follows relationships");
    n.say(
        "The laptops trust each other (reciprocal); both always-on nodes hold everything the laptops");
    n.say("pin (home as the family's own, sovereign; grandparent as reciprocal with a quota).");
    List<String[]> rules = new ArrayList<>();
    rules.add(trustRule(cast.laptopA, cast.laptopB, "reciprocal", "1GiB"));
    rules.add(trustRule(cast.laptopB, cast.laptopA, "reciprocal", "1GiB"));
    for (FamilyNode laptop : List.of(cast.laptopA, cast.laptopB)) {
      rules.add(trustRule(cast.home, laptop, "sovereign", null));
      rules.add(trustRule(cast.grandparent, laptop, "reciprocal", "5GiB"));
    }
    n.runAll(rules);
  }

  static String[] trustRule(FamilyNode at, FamilyNode whom, String tier, String quota) {
    List<String> args =
        new ArrayList<>(List.of("replicate", "trust", whom.publicKey(), "--tier", tier));
    if (quota != null) {
      args.addAll(List.of("--quota", quota));
    }
    args.addAll(List.of("--data", at.data()));
    return args.toArray(String[]::new);
  }

  /** Waits until {@code nodes} converge (see {@link Convergence}); records the check. */
  boolean awaitConverged(
      String what,
      List<FamilyNode> nodes,
      Predicate<Map<String, JsonNode>> expected,
      List<FamilyNode> withFiles)
      throws InterruptedException {
    long t0 = System.nanoTime();
    String late =
        Waiting.until(
            Convergence.DEADLINE,
            () -> convergence.notYet(nodes, expected, withFiles, attachments.values()));
    double s = (System.nanoTime() - t0) / 1e9;
    return checks.check(
        late == null,
        what + String.format(" (%.1f s, nobody ran a sync)", s),
        late == null ? "" : late + " after " + Convergence.DEADLINE.toSeconds() + " s");
  }

  static String hex(String out, String command) {
    Matcher m = HEX64.matcher(out);
    if (!m.find()) {
      throw new DemoFailure(command + " printed no 64-hex key or hash: " + out.strip());
    }
    return m.group();
  }
}
