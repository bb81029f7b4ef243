package dev.conifer.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.transfer.BlobCommands;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Replicator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content types and file names recorded at {@code blobs add}, and the index migration. */
class BlobMetaTest {
  /** The 8-byte PNG signature and the start of an IHDR chunk. */
  static final byte[] PNG_HEAD = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
  };

  @TempDir Path dir;

  private BlobCommands commands(FileBlobStore store) {
    return new BlobCommands(store, null, new Replicator(store, List.of()));
  }

  @Test
  void addDetectsTheTypeFromMagicBytesAndKeepsTheFileName() throws Exception {
    Path png = dir.resolve("photo"); // no extension: only the magic bytes tell
    Files.write(png, PNG_HEAD);
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello\n");
    try (FileBlobStore store = new FileBlobStore(dir.resolve("data"), () -> 0L)) {
      BlobHash p = commands(store).add(png);
      BlobHash t = commands(store).add(text);
      assertThat(store.meta(p)).isEqualTo(new BlobMeta("image/png", "photo"));
      assertThat(store.meta(t)).isEqualTo(new BlobMeta("text/plain", "notes.txt"));
    }
  }

  @Test
  void anExplicitTypeWinsAndABadOneIsRefusedNamingIt() throws Exception {
    Path file = dir.resolve("clip.bin");
    Files.write(file, PNG_HEAD);
    try (FileBlobStore store = new FileBlobStore(dir.resolve("data"), () -> 0L)) {
      BlobHash h = commands(store).add(file, "video/webm");
      assertThat(store.meta(h).contentType()).isEqualTo("video/webm");
      assertThatThrownBy(() -> commands(store).add(file, "not a type"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'not a type'");
    }
  }

  @Test
  void anIndexWithoutMetadataIsMigratedWhenOpened() throws Exception {
    Path blobs = dir.resolve("data").resolve("blobs");
    Files.createDirectories(blobs);
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + blobs.resolve("index.sqlite"));
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE blobs (hash TEXT PRIMARY KEY, size INTEGER NOT NULL,"
              + " state TEXT NOT NULL, ranges TEXT NOT NULL, last_access_ms INTEGER NOT NULL)");
      s.execute(
          "CREATE TABLE pins (hash TEXT NOT NULL, tag TEXT NOT NULL, tier TEXT NOT NULL,"
              + " key TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (hash, tag))");
    }
    try (FileBlobStore store = new FileBlobStore(dir.resolve("data"), () -> 0L)) {
      BlobHash h = store.put(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
      assertThat(store.meta(h)).isEqualTo(BlobMeta.UNKNOWN);
      store.describe(h, new BlobMeta("text/plain", "x.txt"));
      assertThat(store.meta(h).fileName()).isEqualTo("x.txt");
      store.delete(h);
      assertThat(store.meta(h)).isEqualTo(BlobMeta.UNKNOWN);
    }
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + blobs.resolve("index.sqlite"));
        Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      assertThat(rs.getInt(1)).isEqualTo(BlobIndex.SCHEMA_VERSION);
    }
  }

  @Test
  void pinsSinceACursorListsOnlyNewerPins() throws Exception {
    try (FileBlobStore store = new FileBlobStore(dir.resolve("data"), () -> 0L)) {
      BlobHash a = store.put(new ByteArrayInputStream(new byte[] {1}));
      store.pin(a, Pin.user());
      PinsSince first = store.pinsSince(0);
      assertThat(first.hashes()).containsExactly(a);
      BlobHash b = store.put(new ByteArrayInputStream(new byte[] {2}));
      store.pin(b, Pin.user());
      PinsSince second = store.pinsSince(first.cursor());
      assertThat(second.hashes()).containsExactly(b);
      assertThat(store.pinsSince(second.cursor()).hashes()).isEmpty();
    }
  }
}
