package dev.conifer.sync.wire;

/** Untrusted bytes that do not decode: always a clear message, never a crash. */
public final class SyncFormatException extends Exception {
  public SyncFormatException(String message) {
    super(message);
  }
}
