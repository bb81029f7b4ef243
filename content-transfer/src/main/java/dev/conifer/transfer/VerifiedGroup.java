package dev.conifer.transfer;

/**
 * A group whose bytes have been checked against the root hash; {@code cv} is its chaining value.
 */
public record VerifiedGroup(long index, byte[] data, int length, int[] cv) {}
