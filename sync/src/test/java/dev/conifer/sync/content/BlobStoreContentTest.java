package dev.conifer.sync.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.sync.entry.Blake3;
import dev.conifer.transfer.store.FileBlobStore;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync's content view over the real content-transfer blob store agrees on BLAKE3 hashes. */
class BlobStoreContentTest {
  @TempDir Path dir;

  @Test
  void storesAndReadsBackUnderTheEntryHash() throws Exception {
    byte[] value = new byte[100_000];
    new Random(5).nextBytes(value);
    try (FileBlobStore store = new FileBlobStore(dir, () -> 1_000L)) {
      BlobStoreContent content = new BlobStoreContent(store, null);
      byte[] hash = content.put(value);
      assertThat(hash).isEqualTo(Blake3.hash(value));
      assertThat(content.has(hash)).isTrue();
      assertThat(content.get(hash)).isEqualTo(value);
      assertThat(content.get(Blake3.hash(new byte[] {1}))).isNull();
      assertThat(content.fetch(null, hash, value.length)).isFalse();
    }
  }
}
