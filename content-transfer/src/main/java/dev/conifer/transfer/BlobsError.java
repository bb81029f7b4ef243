package dev.conifer.transfer;

/** Typed errors of {@code conifer-blobs/1}; codes travel in ERROR frames. */
public enum BlobsError {
  NOT_FOUND(1),
  BAD_REQUEST(2),
  TOO_LARGE(3),
  BUSY(4),
  INTERNAL(5),
  /** Local only: the holder's data or proof did not match the hash. */
  VERIFICATION_FAILED(100),
  /** Local only: the holder broke the framing or message order. */
  PROTOCOL(101),
  /** Local only: the stream or session failed. */
  IO(102);

  private final int code;

  BlobsError(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static BlobsError ofCode(int code) {
    for (BlobsError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return PROTOCOL;
  }
}
