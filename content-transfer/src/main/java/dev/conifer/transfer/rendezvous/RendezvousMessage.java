package dev.conifer.transfer.rendezvous;

import dev.conifer.snek.RendezvousTag;
import dev.conifer.transfer.hash.BlobHash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rendezvous messages and their encoding (CONTENT.md, "Rendezvous records"). Every message is
 * one overlay payload: the {@link RendezvousTag} (magic and version 1), a kind byte, then the body.
 * PUT and QUERY are addressed to the blob hash read as a key and land at the node nearest to it;
 * ANSWER is addressed to the querier's key.
 */
public sealed interface RendezvousMessage {
  byte PUT = 1;
  byte QUERY = 2;
  byte ANSWER = 3;

  /** Most records one ANSWER carries; keeps the reply small (it goes to an unauthenticated key). */
  int ANSWER_RECORDS_MAX = 16;

  /** Offers a signed record to the node nearest to its hash. */
  record Put(RendezvousRecord record) implements RendezvousMessage {}

  /** Asks the node nearest to {@code hash} for its records; {@code id} matches the answer. */
  record Query(BlobHash hash, long id) implements RendezvousMessage {}

  /** The records held for {@code hash}, in reply to query {@code id}; possibly none. */
  record Answer(BlobHash hash, long id, List<RendezvousRecord> records)
      implements RendezvousMessage {
    public Answer {
      if (records.size() > ANSWER_RECORDS_MAX) {
        throw new IllegalArgumentException("at most 16 records per answer: " + records.size());
      }
      records = List.copyOf(records);
    }
  }

  /** A payload that is not a well-formed rendezvous message. */
  final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  static byte[] encode(RendezvousMessage message) {
    ByteBuffer out;
    if (message instanceof Put p) {
      out = header(PUT, BlobHash.LENGTH + RendezvousRecord.BODY_LENGTH);
      out.put(p.record().hash().bytes());
      p.record().writeBody(out);
    } else if (message instanceof Query q) {
      out = header(QUERY, BlobHash.LENGTH + Long.BYTES);
      out.put(q.hash().bytes()).putLong(q.id());
    } else {
      Answer a = (Answer) message;
      out =
          header(
              ANSWER,
              BlobHash.LENGTH + Long.BYTES + 1 + a.records().size() * RendezvousRecord.BODY_LENGTH);
      out.put(a.hash().bytes()).putLong(a.id()).put((byte) a.records().size());
      for (RendezvousRecord r : a.records()) {
        r.writeBody(out);
      }
    }
    return out.array();
  }

  private static ByteBuffer header(byte kind, int bodyLength) {
    return ByteBuffer.allocate(RendezvousTag.LENGTH + 1 + bodyLength)
        .put(RendezvousTag.MAGIC)
        .put(RendezvousTag.VERSION)
        .put(kind);
  }

  /** Decodes a whole payload (position to limit); trailing bytes are an error. */
  static RendezvousMessage decode(ByteBuffer payload) throws MalformedException {
    ByteBuffer in = payload.duplicate();
    if (!RendezvousTag.isTagged(in)) {
      throw new MalformedException("no rendezvous tag");
    }
    in.position(in.position() + RendezvousTag.MAGIC.length);
    byte version = in.get();
    if (version != RendezvousTag.VERSION) {
      throw new MalformedException("unknown rendezvous version " + version);
    }
    try {
      byte kind = in.get();
      RendezvousMessage m;
      if (kind == PUT) {
        BlobHash hash = readHash(in);
        m = new Put(RendezvousRecord.readBody(hash, in));
      } else if (kind == QUERY) {
        m = new Query(readHash(in), in.getLong());
      } else if (kind == ANSWER) {
        BlobHash hash = readHash(in);
        long id = in.getLong();
        int count = Byte.toUnsignedInt(in.get());
        if (count > ANSWER_RECORDS_MAX) {
          throw new MalformedException("answer with " + count + " records");
        }
        List<RendezvousRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          records.add(RendezvousRecord.readBody(hash, in));
        }
        m = new Answer(hash, id, records);
      } else {
        throw new MalformedException("unknown rendezvous kind " + kind);
      }
      if (in.hasRemaining()) {
        throw new MalformedException(in.remaining() + " trailing bytes");
      }
      return m;
    } catch (BufferUnderflowException e) {
      throw new MalformedException("truncated rendezvous message");
    }
  }

  private static BlobHash readHash(ByteBuffer in) {
    byte[] b = new byte[BlobHash.LENGTH];
    in.get(b);
    return BlobHash.of(b);
  }
}
