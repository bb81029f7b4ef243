package dev.conifer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.Blake3Test;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.FileBlobStore;
import dev.conifer.transfer.wire.BlobsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class BlobCommandsTest {
  @TempDir Path dir;

  @Test
  void addLsPinUnpinWhyAndGetWithProgress() throws IOException {
    ExecutorService executor = Executors.newCachedThreadPool(FakeHolders.daemon());
    try (FileBlobStore remote = new FileBlobStore(dir.resolve("remote"), () -> 0L);
        FileBlobStore local = new FileBlobStore(dir.resolve("local"), () -> 0L);
        FakeHolders net = new FakeHolders()) {
      net.add(FakeHolders.key(9), new BlobsServer(remote, BlobsConfig.defaults()));
      BlobFetcher fetcher =
          new BlobFetcher(local, net, BlobsConfig.defaults(), System::nanoTime, executor);
      BlobCommands cmd = new BlobCommands(local, fetcher, new Replicator(local, List.of()));

      Path file = dir.resolve("hello.txt");
      Files.writeString(file, "hello, conifer\n");
      BlobHash added = cmd.add(file);
      assertThat(added).isEqualTo(BlobHash.ofContent(Files.readAllBytes(file)));
      assertThat(cmd.ls()).singleElement().asString().contains(added.hex()).contains("user");
      assertThat(cmd.why(added)).contains("pinned by the operator");
      assertThat(cmd.unpin(added)).isTrue();
      assertThat(cmd.why(added)).contains("not pinned");
      assertThatThrownBy(() -> cmd.add(dir.resolve("missing"))).hasMessageContaining("missing");

      byte[] content = Blake3Test.pattern(300_000);
      BlobHash remoteHash = remote.put(new ByteArrayInputStream(content));
      List<Long> progress = new ArrayList<>();
      Path out = dir.resolve("out.bin");
      cmd.get(remoteHash, List.of(FakeHolders.key(9)), out, (done, size) -> progress.add(done));
      assertThat(Files.readAllBytes(out)).isEqualTo(content);
      assertThat(progress).isNotEmpty().isSorted();
      assertThat(progress.get(progress.size() - 1)).isEqualTo(300_000L);

      // A longer leftover from an interrupted copy must not survive past the blob's end.
      Files.write(dir.resolve("again.bin.part"), new byte[400_000]);
      Path again = dir.resolve("again.bin");
      cmd.get(remoteHash, List.of(), again, null);
      assertThat(Files.readAllBytes(again)).isEqualTo(content);
    } finally {
      executor.shutdownNow();
    }
  }
}
