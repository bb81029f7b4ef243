package dev.conifer.snek;

/**
 * Local link metadata, never on the wire (PROTOCOL.md §10.2). Lower is preferred when several
 * peerings reach the same key.
 */
public enum PeerType {
  PIPE,
  MULTICAST,
  BONJOUR,
  REMOTE,
  BLUETOOTH;

  public int preference() {
    return ordinal();
  }
}
