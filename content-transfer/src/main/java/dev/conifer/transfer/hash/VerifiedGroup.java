package dev.conifer.transfer.hash;

/**
 * A group whose bytes, {@code data[offset..offset+length)}, have been checked against the root
 * hash; {@code cv} is its chaining value.
 */
public record VerifiedGroup(long index, byte[] data, int offset, int length, int[] cv) {
  /** A group whose bytes start at {@code data[0]}. */
  public VerifiedGroup(long index, byte[] data, int length, int[] cv) {
    this(index, data, 0, length, cv);
  }
}
