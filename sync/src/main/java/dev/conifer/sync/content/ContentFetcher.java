package dev.conifer.sync.content;

import dev.conifer.snek.wire.PublicKey;

/** Fetches missing content from a peer after sync (content transfer in production). */
public interface ContentFetcher {
  /** Fetches and stores the blob {@code hash} of {@code length} bytes from {@code holder}. */
  boolean fetch(PublicKey holder, byte[] hash, long length);
}
