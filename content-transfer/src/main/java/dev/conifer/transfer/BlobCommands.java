package dev.conifer.transfer;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.fetch.BlobFetcher;
import dev.conifer.transfer.fetch.FetchResult;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.replicate.Replicator;
import dev.conifer.transfer.store.BlobInfo;
import dev.conifer.transfer.store.BlobMeta;
import dev.conifer.transfer.store.BlobReader;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.store.ContentTypes;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logic behind {@code conifer blobs add | get | ls | pin | unpin | why}, for the node's CLI to
 * wire (argument parsing and the progress bar stay in the node). Errors are {@link BlobsException}s
 * or {@link IllegalArgumentException}s whose message names the bad input.
 */
public final class BlobCommands {
  private final BlobStore store;
  private final BlobFetcher fetcher;
  private final Replicator replicator;
  private final java.util.function.ToIntFunction<BlobHash> safeCopies;

  public BlobCommands(BlobStore store, BlobFetcher fetcher, Replicator replicator) {
    this(store, fetcher, replicator, hash -> -1);
  }

  /**
   * @param safeCopies always-on cluster holders confirmed to keep a verified copy of a blob, or -1
   *     where this node has not checked; {@code ls} shows it as {@code safe=N}
   */
  public BlobCommands(
      BlobStore store,
      BlobFetcher fetcher,
      Replicator replicator,
      java.util.function.ToIntFunction<BlobHash> safeCopies) {
    this.store = store;
    this.fetcher = fetcher;
    this.replicator = replicator;
    this.safeCopies = safeCopies;
  }

  /** {@code blobs add FILE}: imports the file, pins it for the operator, returns the hash. */
  public BlobHash add(Path file) throws IOException {
    return add(file, null);
  }

  /**
   * {@code blobs add FILE [--type TYPE]}: as {@link #add(Path)}, and records the content type
   * ({@code type}, else detected from the name and magic bytes) and the file name, which a web
   * doorway sends.
   */
  public BlobHash add(Path file, String type) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("not a readable file: " + file);
    }
    String contentType = type == null ? ContentTypes.detect(file) : ContentTypes.parse(type);
    BlobHash h;
    try (InputStream in = Files.newInputStream(file)) {
      h = store.put(in);
    }
    store.describe(h, new BlobMeta(contentType, file.getFileName().toString()));
    store.pin(h, Pin.user());
    return h;
  }

  /**
   * {@code blobs get HASH [--from KEY]... -o FILE}: fetches (resuming anything already verified)
   * and writes the file atomically.
   */
  public FetchResult get(BlobHash hash, List<PublicKey> from, Path out, BlobFetcher.Progress p)
      throws IOException {
    FetchResult r = fetcher.fetch(hash, from, p);
    Path tmp = out.resolveSibling(out.getFileName() + ".part");
    try (BlobReader reader = store.openReader(hash).orElseThrow();
        FileChannel os =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      reader.copyTo(os);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    return r;
  }

  /** {@code blobs ls}: one line per blob: hash, size, state, verified groups, pin tags. */
  public List<String> ls() throws IOException {
    Map<BlobHash, List<Pin>> pins = store.allPins();
    List<String> lines = new ArrayList<>();
    for (BlobInfo b : store.list()) {
      List<String> tags = new ArrayList<>();
      for (Pin p : pins.getOrDefault(b.hash(), List.of())) {
        tags.add(p.tag());
      }
      int safe = safeCopies.applyAsInt(b.hash());
      lines.add(
          String.format(
              "%s %12d %-8s %d/%d %s%s",
              b.hash(),
              b.size(),
              b.state().name().toLowerCase(),
              b.present().count(),
              BlobTree.groupCount(b.size()),
              tags.isEmpty() ? "-" : String.join(",", tags),
              safe < 0 ? "" : " safe=" + safe));
    }
    return lines;
  }

  public void pin(BlobHash hash) throws IOException {
    if (store.info(hash).isEmpty()) {
      throw new IllegalArgumentException("blob not stored: " + hash);
    }
    store.pin(hash, Pin.user());
  }

  public boolean unpin(BlobHash hash) throws IOException {
    return store.unpin(hash, Pin.user().tag());
  }

  public String why(BlobHash hash) throws IOException {
    return replicator.why(hash);
  }
}
