package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where to look for holders of a blob, without a global DHT. Implementations are asked in order:
 * configured family/cluster peers, current session peers, then optional external indexes (for
 * example a Holochain "who has what" entry). A holder that lies is caught by verification, so an
 * index only needs to be useful, not trusted.
 */
public interface HolderIndex {
  /** Candidate holders for {@code hash}, best first; may be empty. */
  List<PublicKey> holders(BlobHash hash) throws IOException;

  /** The same peers for every blob (configured peers, or current session peers). */
  static HolderIndex peers(Supplier<List<PublicKey>> peers) {
    return hash -> List.copyOf(peers.get());
  }

  /** Asks each index in order and concatenates their answers, dropping repeats. */
  static HolderIndex chain(List<HolderIndex> indexes) {
    List<HolderIndex> copy = new ArrayList<>(indexes);
    return hash -> {
      Set<PublicKey> out = new LinkedHashSet<>();
      for (HolderIndex i : copy) {
        out.addAll(i.holders(hash));
      }
      return List.copyOf(out);
    };
  }
}
