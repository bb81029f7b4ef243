package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The second half: laptop-a goes offline and edits, laptop-b and the phone edit too, laptop-a comes
 * back and everything converges by itself; then laptop-a's disk is wiped and it recovers from the
 * always-on nodes alone.
 */
final class OfflineStory {
  static final String SOIL_NOTE = "Worm castings double the worms (added on laptop-a, offline).";
  static final String SOIL_LEVEL = "intermediate";
  static final String DROPPED_STEP = "Thresh and winnow";
  static final String DIAGRAM = "water-diagram.png";

  private final FamilyStory s;
  private final Narrator n;
  private final Cast cast;

  OfflineStory(FamilyStory story) {
    this.s = story;
    this.n = story.n;
    this.cast = story.cast;
  }

  /** Every path as first written, on every node. */
  static Predicate<Map<String, JsonNode>> asCreated() {
    return docs -> docs.values().stream().allMatch(d -> d.path("title").isTextual());
  }

  /** The edits of both laptops and the phone are all in. */
  Predicate<Map<String, JsonNode>> allEdits() {
    String diagram = s.attachments.get(DIAGRAM);
    return docs -> {
      JsonNode soil = docs.get("paths/soil");
      JsonNode seeds = docs.get("paths/seeds");
      JsonNode water = docs.get("paths/water");
      return soil != null
          && soil.path("notes").asText().contains("Worm castings")
          && SOIL_LEVEL.equals(soil.path("level").asText())
          && seeds != null
          && seeds.path("steps").size() == 3
          && !seeds.path("steps").toString().contains(DROPPED_STEP)
          && water != null
          && diagram != null
          && diagram.equals(water.path("diagram").path("blob").asText());
    };
  }

  void offlineEdits() throws InterruptedException {
    n.step("laptop-a goes offline: its only link is cut");
    n.say("Not a flag: the TCP connection to home is closed and nothing dials laptop-a back.");
    s.links.cut(cast.laptopA, s.uplinks.get(cast.laptopA));
    s.links.await(cast.laptopA, 0, false);
    n.say("laptop-a has no connected peer left ('peers ls' lists connected peers; none):");
    n.run("peers", "ls", "--data", cast.laptopA.data());

    n.step("Offline, laptop-a edits two paths and adds an attachment");
    String soilNote = "{\"notes\":\"Start in early spring. " + SOIL_NOTE + "\"}";
    n.run(
        "sync",
        "put",
        FamilyStory.NS,
        "paths/soil",
        soilNote,
        "--merge",
        "--data",
        cast.laptopA.data());
    Path diagram =
        LearningPaths.writeDiagram(
            s.content, DIAGRAM, new Color(0x0D, 0x47, 0xA1), new Color(0xFF, 0xEB, 0x3B));
    String hash = s.addAttachment(cast.laptopA, "files/water/diagram.png", diagram);
    n.run(
        "sync",
        "put",
        FamilyStory.NS,
        "paths/water",
        "{\"diagram\":" + FamilyStory.blobRef(hash, diagram) + "}",
        "--merge",
        "--data",
        cast.laptopA.data());
    n.say("The writes are durable on laptop-a's disk; they wait in its outbox for a partner.");

    n.step("Meanwhile laptop-b edits the same path, and the phone deletes a step");
    n.run(
        "sync",
        "put",
        FamilyStory.NS,
        "paths/soil",
        "{\"level\":\"" + SOIL_LEVEL + "\"}",
        "--merge",
        "--data",
        cast.laptopB.data());
    JsonNode seeds =
        s.state
            .document(cast.phone, "paths/seeds")
            .orElseThrow(() -> new DemoFailure("the phone has no paths/seeds"));
    StringBuilder steps = new StringBuilder("{\"steps\":[");
    String sep = "";
    for (JsonNode step : seeds.path("steps")) {
      if (!step.asText().equals(DROPPED_STEP)) {
        steps.append(sep).append(step);
        sep = ",";
      }
    }
    n.run(
        "sync",
        "put",
        FamilyStory.NS,
        "paths/seeds",
        steps + "]}",
        "--merge",
        "--data",
        cast.phone.data());
    n.say("Both writes are pushed to the partners that are online at once. home has them:");
    String late =
        Waiting.until(
            Duration.ofSeconds(30),
            () -> {
              var soil = s.state.document(cast.home, "paths/soil");
              var seedsAtHome = s.state.document(cast.home, "paths/seeds");
              boolean in =
                  soil.isPresent()
                      && SOIL_LEVEL.equals(soil.get().path("level").asText())
                      && seedsAtHome.isPresent()
                      && seedsAtHome.get().path("steps").size() == 3;
              return in ? null : "home has not received laptop-b's and the phone's edits";
            });
    s.checks.check(
        late == null,
        "edits made online reach home without a manual sync",
        late == null ? "" : late);
    n.run("sync", "get", FamilyStory.NS, "paths/soil", "--data", cast.home.data());
  }

  void reconnect() throws InterruptedException {
    n.step("laptop-a comes back online; nobody runs a sync");
    n.say("Re-adding its link is all: the partners sync when they see each other come up.");
    s.links.link(cast.laptopA, cast.home, "tcp");
    s.awaitConverged(
        "all five devices hold the same five paths, with both laptops' and the phone's edits",
        cast.all(),
        allEdits(),
        List.of(cast.home, cast.grandparent, cast.laptopA, cast.laptopB));
    n.say("The soil path as the grandparent's node holds it (laptop-a's notes, laptop-b's level):");
    n.run("sync", "get", FamilyStory.NS, "paths/soil", "--data", cast.grandparent.data());
    n.say("Why it looks like that (the parts merged, the entries that lost):");
    n.run("sync", "why", FamilyStory.NS, "paths/soil", "--data", cast.home.data());
    for (FamilyNode holder : cast.alwaysOn()) {
      var missing = s.state.missingBlobs(holder, List.copyOf(s.attachments.values()));
      s.checks.check(
          missing.isEmpty(),
          "each of the " + s.attachments.size() + " attachments is held by " + holder.name,
          "missing " + missing);
    }
    n.say("The diagram laptop-a added offline, on the grandparent's node, and why it is kept:");
    n.run("blobs", "why", s.attachments.get(DIAGRAM), "--data", cast.grandparent.data());
    new TrustEvidence(s).check(cast.laptopA);
    n.say("The grandparent's replication rules (what it holds for whom):");
    n.run("replicate", "ls", "--data", cast.grandparent.data());
  }

  void wipeAndRecover() throws InterruptedException {
    n.step("laptop-b and the phone go offline, so only the always-on nodes can help");
    s.links.cut(cast.laptopB, s.uplinks.get(cast.laptopB));
    s.links.cut(cast.phone, s.uplinks.get(cast.phone));
    s.links.await(cast.laptopB, 0, false);
    s.links.await(cast.phone, 0, false);

    n.step("laptop-a's disk is wiped");
    n.say("Its daemon stops (SIGTERM) and its data directory is deleted: key, SQLite, blobs, all.");
    cast.laptopA.daemon().stop(Duration.ofSeconds(15));
    n.out().println("$ rm -rf " + n.shown(cast.laptopA.data()));
    deleteTree(cast.laptopA.dataPath());
    n.say("A fresh node on the empty disk (a new key: the old identity is gone with the disk):");
    cast.start(n, cast.laptopA);
    n.say("home, which holds a write capability, shares a new ticket; laptop-a joins with it. The");
    n.say("ticket names home's addresses, so joining also links laptop-a to home.");
    String fresh =
        n.run(
                "sync",
                "ns",
                "share",
                FamilyStory.NS,
                "--write",
                "--expires",
                "1d",
                "--data",
                cast.home.data())
            .strip();
    n.run("sync", "ns", "join", fresh, "--name", FamilyStory.NS, "--data", cast.laptopA.data());
    s.partner(cast.laptopA, cast.grandparent);
    s.awaitConverged(
        "the wiped laptop-a holds all five paths and every attachment again, from home and grandparent",
        List.of(cast.home, cast.grandparent, cast.laptopA),
        allEdits(),
        List.of(cast.home, cast.grandparent, cast.laptopA));
    n.run("sync", "ls", FamilyStory.NS, "--data", cast.laptopA.data());
    n.run("blobs", "why", s.attachments.get(DIAGRAM), "--data", cast.laptopA.data());

    n.step("laptop-b and the phone come back");
    s.uplinks.put(cast.laptopB, s.links.link(cast.laptopB, cast.home, "ws"));
    s.uplinks.put(cast.phone, s.links.link(cast.phone, cast.grandparent, "tcp"));
    s.awaitConverged(
        "every device holds the same current state of all five paths",
        cast.all(),
        allEdits(),
        List.of(cast.home, cast.grandparent, cast.laptopA, cast.laptopB));
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new DemoFailure("cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
