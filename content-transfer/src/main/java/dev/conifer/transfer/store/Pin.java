package dev.conifer.transfer.store;

/**
 * Why a blob is kept. {@code tag} identifies the pin ("user" for a manual pin, "replica:KEYHEX" for
 * a replication rule); {@code tier} and {@code keyHex} name the relationship it came from (empty
 * for manual pins), so {@code blobs why} can explain it.
 */
public record Pin(String tag, String tier, String keyHex, String rule) {
  public static Pin user() {
    return new Pin("user", "", "", "pinned by the operator");
  }
}
