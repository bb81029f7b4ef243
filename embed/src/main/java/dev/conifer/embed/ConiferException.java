package dev.conifer.embed;

/**
 * A node could not do what was asked: it could not start (port in use, unreadable key file, data
 * directory owned by another process), or a message was refused or not confirmed. The message names
 * the input or the peer.
 */
public final class ConiferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error with a one-line explanation.
   *
   * @param message what failed and why
   */
  public ConiferException(String message) {
    super(message);
  }

  /**
   * An error with a one-line explanation and its cause.
   *
   * @param message what failed and why
   * @param cause the underlying failure
   */
  public ConiferException(String message, Throwable cause) {
    super(message, cause);
  }
}
