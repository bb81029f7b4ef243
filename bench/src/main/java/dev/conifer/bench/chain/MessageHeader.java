package dev.conifer.bench.chain;

/**
 * The first bytes of every benchmark payload: magic (4 bytes), epoch (4), sequence (8), send time
 * in ns (8); zero padding follows. The echo returns it unchanged, so the client needs no
 * per-message state: the RTT is the receive time minus the carried send time.
 */
final class MessageHeader {
  static final int LENGTH = 24;
  static final int MAGIC = 0x43484e42; // "CHNB"
  static final int OFFSET_EPOCH = 4;
  static final int OFFSET_SEQ = 8;
  static final int OFFSET_SEND_NS = 16;

  private MessageHeader() {}
}
