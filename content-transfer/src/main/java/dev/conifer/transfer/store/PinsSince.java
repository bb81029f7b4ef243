package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.BlobHash;
import java.util.List;

/**
 * Blobs pinned after a cursor, and the cursor to ask with next time: how a running node notices a
 * {@code blobs add} done by another process and publishes its rendezvous record at once.
 */
public record PinsSince(List<BlobHash> hashes, long cursor) {}
