package dev.conifer.simulator.model;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import java.util.Arrays;

/**
 * Remembers the last few signatures a node made. Ed25519 is deterministic, so returning a
 * remembered signature for the same message gives exactly the bytes a fresh signing would. A node
 * signs the same announcement prefix once per peer (the signature does not cover the port), so this
 * saves most of the signing work at scale, without changing anything on the wire.
 */
public final class MemoizingSigner implements Signer {
  private static final int SLOTS = 4;

  private final Signer delegate;
  private final SignatureLedger ledger;
  private final byte[][] messages = new byte[SLOTS][];
  private final byte[][] signatures = new byte[SLOTS][];
  private int next;
  long hitCount;
  long missCount;

  /** {@code ledger} may be null; if set, every new signature is recorded there. */
  public MemoizingSigner(Signer delegate, SignatureLedger ledger) {
    this.delegate = delegate;
    this.ledger = ledger;
  }

  @Override
  public PublicKey publicKey() {
    return delegate.publicKey();
  }

  @Override
  public byte[] sign(byte[] message, int offset, int length) {
    for (int i = 0; i < SLOTS; i++) {
      byte[] m = messages[i];
      if (m != null
          && m.length == length
          && Arrays.equals(m, 0, length, message, offset, offset + length)) {
        hitCount++;
        return signatures[i].clone();
      }
    }
    missCount++;
    byte[] signature = delegate.sign(message, offset, length);
    if (ledger != null) {
      ledger.record(delegate.publicKey(), message, offset, length, signature);
    }
    messages[next] = Arrays.copyOfRange(message, offset, offset + length);
    signatures[next] = signature.clone();
    next = (next + 1) % SLOTS;
    return signature;
  }
}
