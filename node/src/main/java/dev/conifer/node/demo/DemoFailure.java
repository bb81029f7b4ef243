package dev.conifer.node.demo;

/** A step of the family demo that could not be carried out; the message says which and why. */
final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message);
  }
}
