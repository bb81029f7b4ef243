package dev.conifer.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid wire inputs: bit flips, byte overwrites, truncation, extension, length
 * field edits, inserted non-minimal or overlong varu64s, and splices of two inputs. Half the time
 * the frame length field is then fixed up, so mutations get past the header into the body decoders.
 */
final class FrameMutator {
  private static final byte[] INTERESTING = {0, 1, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0xFF};
  private static final int[] INTERESTING_U16 = {0, 1, 9, 10, 11, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF};
  private static final byte[] OVERLONG_VARU64 = {
    (byte) 0x82, -1, -1, -1, -1, -1, -1, -1, -1, 0x7F // 65 bits
  };
  private static final byte[] ELEVEN_BYTE_VARU64 = {
    (byte) 0x81, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7F
  };

  private final SplittableRandom random;

  FrameMutator(SplittableRandom random) {
    this.random = random;
  }

  byte[] mutate(byte[] input, byte[] other) {
    byte[] out = input.clone();
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      out = mutateOnce(out, other);
    }
    if (random.nextBoolean() && out.length >= 10 && out.length <= 0xFFFF) {
      ByteBuffer.wrap(out).putShort(8, (short) out.length);
    }
    return out;
  }

  private byte[] mutateOnce(byte[] in, byte[] other) {
    switch (random.nextInt(9)) {
      case 0:
        return flipBit(in);
      case 1:
        return overwriteByte(in);
      case 2:
        return Arrays.copyOf(in, in.length == 0 ? 0 : random.nextInt(in.length));
      case 3:
        return extend(in);
      case 4:
        return editU16(in);
      case 5:
        return insert(in, nonMinimalPrefix());
      case 6:
        return insert(in, random.nextBoolean() ? OVERLONG_VARU64 : ELEVEN_BYTE_VARU64);
      case 7:
        return splice(in, other);
      default:
        return overwriteVarU64(in);
    }
  }

  private byte[] flipBit(byte[] in) {
    if (in.length > 0) {
      in[random.nextInt(in.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return in;
  }

  private byte[] overwriteByte(byte[] in) {
    if (in.length > 0) {
      in[random.nextInt(in.length)] =
          random.nextBoolean()
              ? INTERESTING[random.nextInt(INTERESTING.length)]
              : (byte) random.nextInt(256);
    }
    return in;
  }

  private byte[] extend(byte[] in) {
    byte[] tail = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 200)];
    random.nextBytes(tail);
    return concat(in, tail);
  }

  /**
   * Rewrites a u16: the frame length (offset 8), the payload length (10), a coordinates length (12,
   * or just after the first), or anywhere.
   */
  private byte[] editU16(byte[] in) {
    if (in.length < 2) {
      return in;
    }
    int[] offsets = {8, 10, 12, 12 + 2 + (in.length > 13 ? in[13] & 0xFF : 0)};
    int offset =
        random.nextInt(4) == 0 ? random.nextInt(in.length - 1) : offsets[random.nextInt(4)];
    if (offset + 2 > in.length) {
      return in;
    }
    ByteBuffer buffer = ByteBuffer.wrap(in);
    int current = Short.toUnsignedInt(buffer.getShort(offset));
    int value;
    switch (random.nextInt(3)) {
      case 0:
        value = current + (random.nextBoolean() ? 1 : -1);
        break;
      case 1:
        value = INTERESTING_U16[random.nextInt(INTERESTING_U16.length)];
        break;
      default:
        value = random.nextInt(0x10000);
    }
    buffer.putShort(offset, (short) value);
    return in;
  }

  private byte[] nonMinimalPrefix() {
    byte[] prefix = new byte[1 + random.nextInt(3)];
    Arrays.fill(prefix, (byte) 0x80);
    return prefix;
  }

  /** Replaces the byte at a random position by a varu64 that is non-minimal or too long. */
  private byte[] overwriteVarU64(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    int at = random.nextInt(in.length);
    byte[] replacement =
        random.nextBoolean() ? concat(nonMinimalPrefix(), new byte[] {in[at]}) : OVERLONG_VARU64;
    return concat(
        concat(Arrays.copyOf(in, at), replacement), Arrays.copyOfRange(in, at + 1, in.length));
  }

  private byte[] insert(byte[] in, byte[] bytes) {
    int at = random.nextInt(in.length + 1);
    return concat(concat(Arrays.copyOf(in, at), bytes), Arrays.copyOfRange(in, at, in.length));
  }

  private byte[] splice(byte[] in, byte[] other) {
    int cut = random.nextInt(in.length + 1);
    int from = random.nextInt(other.length + 1);
    return concat(Arrays.copyOf(in, cut), Arrays.copyOfRange(other, from, other.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
