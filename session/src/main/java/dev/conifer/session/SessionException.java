package dev.conifer.session;

import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;

/** A session failure to one peer: dial timeout, certificate refused, peer gone, closed. */
public class SessionException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a session or stream failed. */
  public enum Reason {
    /** No handshake completed within the dial timeout: the key may be unknown or unreachable. */
    TIMEOUT,
    /** The peer's certificate did not name the key we dialled or received from. */
    CERTIFICATE_REFUSED,
    /** The QUIC handshake failed for another reason (ALPN mismatch, TLS error). */
    HANDSHAKE_FAILED,
    /** The connection closed or idled out while in use. */
    PEER_GONE,
    /** This node's {@link Sessions} was closed. */
    CLOSED
  }

  private final transient PublicKey key;
  private final Reason reason;

  public SessionException(Reason reason, PublicKey key, String message) {
    this(reason, key, message, null);
  }

  public SessionException(Reason reason, PublicKey key, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.key = key;
  }

  /** The remote key this failure concerns (null if none). */
  public PublicKey key() {
    return key;
  }

  public Reason reason() {
    return reason;
  }
}
