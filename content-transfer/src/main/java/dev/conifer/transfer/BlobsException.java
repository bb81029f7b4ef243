package dev.conifer.transfer;

import java.io.IOException;

/** A typed content-transfer failure. */
public class BlobsException extends IOException {
  private static final long serialVersionUID = 1L;
  private final BlobsError error;

  public BlobsException(BlobsError error, String message) {
    super(error + ": " + message);
    this.error = error;
  }

  public BlobsException(BlobsError error, String message, Throwable cause) {
    super(error + ": " + message, cause);
    this.error = error;
  }

  public BlobsError error() {
    return error;
  }
}
