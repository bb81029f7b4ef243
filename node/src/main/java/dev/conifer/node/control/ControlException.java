package dev.conifer.node.control;

/**
 * A control request that failed in a way its caller should see: the HTTP status and a one-line
 * message, which the CLI prints as the command's error.
 */
public final class ControlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** 400: the request names something wrong (a bad hash, a bad URI). */
  public static final int BAD_REQUEST = 400;

  /** 404: the thing asked about does not exist. */
  public static final int NOT_FOUND = 404;

  /** 409: it cannot be done in the node's current state. */
  public static final int CONFLICT = 409;

  private final int status;

  public ControlException(int status, String message) {
    super(message);
    this.status = status;
  }

  public ControlException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
