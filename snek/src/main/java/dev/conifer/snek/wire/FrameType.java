package dev.conifer.snek.wire;

/** The frame types Pinecone defines (PROTOCOL.md §4.1). Anything else is dropped, not fatal. */
public enum FrameType {
  KEEPALIVE(0, FrameHeader.LENGTH),
  TREE_ANNOUNCEMENT(1, FrameHeader.LENGTH + 2 + SwitchAnnouncement.LENGTH_MIN),
  BOOTSTRAP(2, FrameHeader.LENGTH + 2 + 2 * PublicKey.LENGTH + 1),
  TRAFFIC(3, FrameHeader.LENGTH + 2 + 2 + 2 + 2 * PublicKey.LENGTH),
  WAKEUP_BROADCAST(4, FrameHeader.LENGTH + 2 + PublicKey.LENGTH);

  private static final FrameType[] BY_CODE = values();

  private final int code;
  private final int frameLengthMin;

  FrameType(int code, int frameLengthMin) {
    this.code = code;
    this.frameLengthMin = frameLengthMin;
  }

  public int code() {
    return code;
  }

  /** The shortest well-formed frame of this type, header included. */
  public int frameLengthMin() {
    return frameLengthMin;
  }

  /** The type for a wire code, or null if the code is unknown. */
  public static FrameType ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
