package dev.conifer.sync.content;

/**
 * The narrow view of the blob store sync needs: content addressed by its 32-byte BLAKE3 hash.
 * {@code ContentTransferAdapter} backs it with content transfer; tests use an in-memory map.
 */
public interface ContentStore {
  /** Stores {@code bytes} durably and returns their BLAKE3 hash. */
  byte[] put(byte[] bytes);

  boolean has(byte[] hash);

  /** The content, or null if it is not held locally. */
  byte[] get(byte[] hash);

  /**
   * Keeps {@code hash} from being evicted: a current entry refers to it (it may not be here yet).
   */
  default void pin(byte[] hash) {}

  /** Lets the store collect {@code hash}: no current entry refers to it any more. */
  default void release(byte[] hash) {}
}
