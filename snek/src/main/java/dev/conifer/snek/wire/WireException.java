package dev.conifer.snek.wire;

/**
 * A typed rejection of malformed input. It is checked, so callers cannot forget that a peer's bytes
 * may be bad, and it carries no stack trace: it reports the input, not a bug.
 */
public final class WireException extends Exception {
  private final WireError reason;

  public WireException(WireError reason, String detail) {
    super(reason.name() + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public WireException(WireError reason) {
    this(reason, reason.description());
  }

  public WireError reason() {
    return reason;
  }
}
