package dev.conifer.node;

import dev.conifer.node.cli.Conifer;

/**
 * A mistake the user can fix (bad flag value, unreadable key file, port in use). {@link Conifer}
 * prints its message on one line and exits non-zero, without a stack trace.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
