package dev.conifer.transport.link;

/** A connection that did not become a peering: the handshake failed or the router refused it. */
public final class PeeringException extends Exception {
  private final HandshakeFailure failure;

  public PeeringException(HandshakeFailure failure, String detail) {
    super(failure.description() + ": " + detail, null, false, false);
    this.failure = failure;
  }

  public HandshakeFailure failure() {
    return failure;
  }
}
