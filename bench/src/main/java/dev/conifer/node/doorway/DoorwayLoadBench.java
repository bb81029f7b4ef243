package dev.conifer.node.doorway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The 60 s doorway load run (not in CI): {@code mvn -pl node test-compile}, then run this class on
 * the test class path. Prints requests per status, the most doorway threads seen and the largest
 * heap use sampled. Arguments: [clients] [seconds] [seed].
 */
public final class DoorwayLoadBench {
  private DoorwayLoadBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 0x10ad;
    Path dir = Files.createTempDirectory("doorway-load");
    DoorwayLoad.Result r = DoorwayLoad.run(dir, clients, Duration.ofSeconds(seconds), seed);
    System.out.printf(
        "%d clients, %d s: %d requests (%.0f/s), statuses %s, errors %d, doorway threads max %d"
            + " (allowed %d), heap used max %d MiB%n",
        clients,
        seconds,
        r.requests(),
        r.requests() / (double) seconds,
        r.statuses(),
        r.errors().size(),
        r.doorwayThreadsMax(),
        r.doorwayThreadsAllowed(),
        r.heapUsedMaxBytes() >> 20);
    r.errors().forEach(System.out::println);
    System.exit(r.errors().isEmpty() ? 0 : 1);
  }
}
