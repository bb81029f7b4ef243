package dev.conifer.embed;

import dev.conifer.node.services.BlobServices;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.Pin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's content-addressed blob store (docs/CONTENT.md): add bytes or files, fetch blobs from
 * other keys with every 16 KiB group verified against the BLAKE3 hash, read what is stored. What
 * this node adds is pinned, so it stays until unpinned. I/O errors surface as {@link
 * UncheckedIOException}, a failed fetch as {@link ConiferException}.
 */
public final class Blobs {
  /** The largest blob {@link #read} returns as an array; larger ones go to a file with get. */
  public static final int READ_LIMIT_BYTES = 64 << 20;

  private final BlobServices services;

  Blobs(BlobServices services) {
    this.services = services;
  }

  /**
   * Stores {@code content} and pins it.
   *
   * @param content the blob's bytes
   * @return its BLAKE3 hash, by which other nodes fetch it
   */
  public BlobHash put(byte[] content) {
    try {
      BlobHash hash = services.store().put(new ByteArrayInputStream(content));
      services.store().pin(hash, Pin.user());
      return hash;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store a blob of " + content.length + " bytes", e);
    }
  }

  /**
   * Stores a file (recording its name and content type, which a web doorway sends) and pins it.
   *
   * @param file a regular file
   * @return its BLAKE3 hash
   */
  public BlobHash add(Path file) {
    try {
      return services.commands().add(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + file, e);
    }
  }

  /**
   * Whether the blob is stored here complete.
   *
   * @param hash the blob's hash
   * @return true if every byte is stored and verified
   */
  public boolean has(BlobHash hash) {
    try {
      return services.store().has(hash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up blob " + hash, e);
    }
  }

  /**
   * Fetches the blob from {@code from} (resuming whatever is already verified) and writes it to
   * {@code out} atomically. A blob stored here already is only copied.
   *
   * @param hash the blob's hash
   * @param from the keys that may hold it, asked in parallel
   * @param out the file to write
   * @return what each holder sent and any holder caught sending bad data
   */
  public FetchResult get(BlobHash hash, List<PublicKey> from, Path out) {
    try {
      return services.commands().get(hash, from, out, (verified, size) -> {});
    } catch (IOException e) {
      throw new ConiferException("cannot fetch blob " + hash + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fetches the blob from {@code from} if it is not stored here, and returns its bytes.
   *
   * @param hash the blob's hash
   * @param from the keys that may hold it
   * @return the blob's bytes
   * @throws ConiferException if no holder delivered it, or it exceeds {@link #READ_LIMIT_BYTES}
   */
  public byte[] fetch(BlobHash hash, List<PublicKey> from) {
    try {
      services.fetcher().fetch(hash, from, (verified, size) -> {});
    } catch (IOException e) {
      throw new ConiferException("cannot fetch blob " + hash + ": " + e.getMessage(), e);
    }
    return read(hash).orElseThrow(() -> new ConiferException("blob " + hash + " was not stored"));
  }

  /**
   * The blob's bytes if it is stored here complete.
   *
   * @param hash the blob's hash
   * @return its bytes, or empty if it is not stored complete
   * @throws ConiferException if it exceeds {@link #READ_LIMIT_BYTES}
   */
  public Optional<byte[]> read(BlobHash hash) {
    try {
      Optional<BlobReader> opened = services.store().openReader(hash);
      if (opened.isEmpty()) {
        return Optional.empty();
      }
      try (BlobReader reader = opened.get()) {
        if (reader.size() > READ_LIMIT_BYTES) {
          throw new ConiferException(
              "blob "
                  + hash
                  + " has "
                  + reader.size()
                  + " bytes, more than read returns; use get(hash, from, file)");
        }
        byte[] bytes = new byte[(int) reader.size()];
        reader.readFully(0, bytes, 0, bytes.length);
        return Optional.of(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + hash, e);
    }
  }
}
