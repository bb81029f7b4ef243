package dev.conifer.examples;

import dev.conifer.embed.Conifer;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content-addressed blobs between two embedded nodes with data directories: alice stores a blob,
 * bob fetches it by its hash from alice's key, every group verified against the hash on the way.
 */
public final class BlobShare {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("conifer-blobshare");
    try {
      run(dir);
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(Path dir) throws InterruptedException {
    byte[] photo = new byte[1 << 20];
    Arrays.fill(photo, (byte) 7);
    try (Conifer alice =
            Conifer.builder().listen("tcp://127.0.0.1:0").data(dir.resolve("alice")).start();
        Conifer bob =
            Conifer.builder()
                .connect(alice.listening().get(0).toString())
                .data(dir.resolve("bob"))
                .start()) {
      BlobHash hash = alice.blobs().put(photo);
      System.out.println("alice stored " + photo.length + " bytes as " + hash);
      if (!bob.awaitPeer(alice.publicKey(), Duration.ofSeconds(30))) {
        throw new IllegalStateException("bob did not link to alice in 30 s");
      }
      byte[] fetched = bob.blobs().fetch(hash, List.of(alice.publicKey()));
      System.out.println("bob fetched " + fetched.length + " bytes");
      System.out.println("same bytes: " + Arrays.equals(fetched, photo));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
