package dev.conifer.transfer.replicate;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.wire.PublicationSource;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed publication lists a node keeps, its own and those of publishers it replicates, in
 * {@code DIR/KEYHEX.pages} (each page: length u32, then its signed bytes), so that it serves them
 * to others ({@link PublicationSource}) while their publisher is offline. Pages are checked again
 * when read back. Thread-safe.
 */
public final class PublicationStore implements PublicationSource {
  private final Path dir;
  private final Map<PublicKey, Publication> lists = new ConcurrentHashMap<>();

  /** Opens {@code dir}; returns with the files that did not check named in {@code damaged}. */
  public PublicationStore(Path dir, List<String> damaged) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().endsWith(".pages")) {
          continue;
        }
        try {
          Publication p = read(f);
          lists.put(p.publisher(), p);
        } catch (IOException e) {
          damaged.add(f + ": " + e.getMessage());
        }
      }
    }
  }

  private static Publication read(Path file) throws IOException {
    List<PublicationPage> pages = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      while (in.available() > 0) {
        int n = in.readInt();
        if (n < 0 || n > PublicationPage.lengthMax()) {
          throw new IOException("page length " + n);
        }
        pages.add(PublicationPage.verify(in.readNBytes(n), Ed25519.VERIFIER));
      }
    }
    return Publication.assemble(pages);
  }

  public Optional<Publication> get(PublicKey publisher) {
    return Optional.ofNullable(lists.get(publisher));
  }

  /** The version kept for {@code publisher}, or -1. */
  public long version(PublicKey publisher) {
    Publication p = lists.get(publisher);
    return p == null ? -1 : p.version();
  }

  /** Keeps {@code p} unless a version at least as new is kept; returns whether it was kept. */
  public synchronized boolean put(Publication p) throws IOException {
    if (version(p.publisher()) >= p.version()) {
      return false;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (PublicationPage page : p.pages()) {
        out.writeInt(page.encoded().length);
        out.write(page.encoded());
      }
    }
    Path file = dir.resolve(p.publisher().toHex() + ".pages");
    Path tmp = dir.resolve(p.publisher().toHex() + ".tmp");
    Files.write(tmp, bytes.toByteArray());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lists.put(p.publisher(), p);
    return true;
  }

  /** Forgets a publisher's list (it is no longer replicated). */
  public synchronized void remove(PublicKey publisher) throws IOException {
    lists.remove(publisher);
    Files.deleteIfExists(dir.resolve(publisher.toHex() + ".pages"));
  }

  public List<PublicKey> publishers() {
    return List.copyOf(lists.keySet());
  }

  @Override
  public Optional<byte[]> page(PublicKey publisher, int page) {
    Publication p = lists.get(publisher);
    if (p == null || page >= p.pages().size()) {
      return Optional.empty();
    }
    return Optional.of(p.pages().get(page).encoded());
  }
}
