package dev.conifer.node.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * {@code conifer demo family}: a family's learning material on its own devices, on real nodes on
 * loopback (docs/FAMILY.md). Five {@code conifer node} processes, five learning paths, offline
 * edits, a wiped laptop, and a browser reading through the doorway; every step through the same
 * commands a person types. Exits 0 only if every check held.
 */
public final class FamilyDemo {
  /** What the command line chose. {@code dir} null: a new temporary directory. */
  public record Options(Path dir, boolean keep, boolean noBrowser) {}

  private FamilyDemo() {}

  /**
   * Plays the story; 0 if every check held, else 1. A {@code --dir} that is not empty is an {@link
   * IllegalArgumentException} (nothing started).
   */
  public static int run(Options options, PrintStream out) throws InterruptedException {
    StringBuilder noBrowser = new StringBuilder();
    if (!options.noBrowser() && BrowserCheck.find(Path.of("."), noBrowser) == null) {
      // Before any node starts: the last check needs a browser, so say so now, not after a minute.
      throw new IllegalArgumentException("the demo needs headless Chromium: " + noBrowser);
    }
    Path base = directory(options.dir());
    Narrator n = new Narrator(out, base);
    Checks checks = new Checks(n);
    Cast cast = new Cast(base);
    out.println("The family demo runs in " + base + " (written $FAMILY below).");
    FamilyStory story = new FamilyStory(n, cast, checks, base.resolve("content"));
    OfflineStory offline = new OfflineStory(story);
    boolean finished = false;
    try {
      story.start();
      story.link();
      story.createPaths();
      story.shareAndJoin();
      story.trust();
      story.awaitConverged(
          "all five devices hold the five paths as laptop-a wrote them",
          cast.all(),
          OfflineStory.asCreated(),
          java.util.List.of(cast.home, cast.grandparent, cast.laptopB));
      offline.offlineEdits();
      offline.reconnect();
      offline.wipeAndRecover();
      new BrowserStep(story).run(options.noBrowser());
      finished = true;
    } catch (DemoFailure e) {
      checks.failStep("the story ran to its end", e.getMessage());
    } finally {
      if (cast.home.running()) {
        NodeTable.print(n, cast, story.state);
      }
    }
    boolean ok = checks.allHeld() && finished;
    out.println();
    out.println(checks.result(n.seconds()));
    if (options.keep()) {
      cast.keepRunning();
      out.println("--keep: the nodes run on. Explore, e.g.:");
      out.println("  conifer sync get learning paths/soil --data " + cast.home.data());
      out.println("  conifer peers ls --data " + cast.laptopA.data());
      if (cast.home.doorwayUri() != null) {
        out.println("  open " + cast.home.doorwayUri() + "/ns/" + story.namespace + "/");
      }
      out.println(
          "Stop them with: kill "
              + cast.all().stream()
                  .filter(FamilyNode::running)
                  .map(node -> String.valueOf(node.daemon().pid()))
                  .collect(Collectors.joining(" ")));
      return ok ? 0 : 1;
    }
    cast.stopAll();
    if (ok && options.dir() == null) {
      OfflineStory.deleteTree(base);
    } else {
      out.println(
          "The data directories and logs stay in " + base + " (logs in " + cast.logs() + ").");
    }
    return ok ? 0 : 1;
  }

  private static Path directory(Path dir) {
    try {
      if (dir == null) {
        return Files.createTempDirectory("conifer-family");
      }
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--dir " + dir + " is not empty; the demo needs a fresh directory");
        }
      }
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's directory: " + e.getMessage(), e);
    }
  }
}
