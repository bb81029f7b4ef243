package dev.conifer.node.services;

import dev.conifer.node.UserException;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whose pins this node replicates, and how much it keeps: {@code DATA/replication.conf}, one rule a
 * line (docs/CONTENT.md, "Replication"):
 *
 * <pre>
 * KEYHEX sovereign            # my own devices: everything
 * KEYHEX reciprocal 20G       # family: what they pin, up to a quota
 * KEYHEX invested 5G
 * gift 1G                     # spare capacity for anyone else
 * capacity 100G               # evict by tier beyond this
 * </pre>
 *
 * No file means no replication. Mistakes name the line.
 */
public record ReplicationPolicy(List<TrustRule> rules, long capacityLength) {
  public static final String FILE = "replication.conf";
  static final ReplicationPolicy NONE = new ReplicationPolicy(List.of(), 0);

  public static ReplicationPolicy load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<TrustRule> rules = new ArrayList<>();
    long capacity = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceAll("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] w = line.split("\\s+");
      String where = file + ":" + (i + 1) + ": ";
      try {
        if (w[0].equals("capacity") && w.length == 2) {
          capacity = size(w[1]);
        } else if (w[0].equals("gift") && w.length == 2) {
          rules.add(TrustRule.gift(size(w[1])));
        } else if (w.length == 2 || w.length == 3) {
          Tier tier = Tier.valueOf(w[1].toUpperCase(Locale.ROOT));
          long quota = w.length == 3 ? size(w[2]) : 0;
          rules.add(new TrustRule(PublicKey.fromHex(w[0]), tier, quota));
        } else {
          throw new IllegalArgumentException(
              "expected 'KEYHEX TIER [QUOTA]', 'gift QUOTA' or 'capacity SIZE'");
        }
      } catch (IllegalArgumentException e) {
        throw new UserException(where + e.getMessage() + " in '" + line + "'", e);
      }
    }
    return new ReplicationPolicy(List.copyOf(rules), capacity);
  }

  /** {@code 123}, {@code 500K}, {@code 20M}, {@code 3G}, {@code 1T} (powers of 1024). */
  static long size(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    int shift =
        switch (t.charAt(t.length() - 1)) {
          case 'K' -> 10;
          case 'M' -> 20;
          case 'G' -> 30;
          case 'T' -> 40;
          default -> 0;
        };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long value = Long.parseLong(digits);
      if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: " + text);
    }
  }
}
