package dev.conifer.embed;

import dev.conifer.snek.wire.PublicKey;
import java.nio.charset.StandardCharsets;

/**
 * One message received with {@link Conifer#receive}: its sender's key (proved by the session's
 * handshake) and its bytes.
 *
 * @param from the sender's public key
 * @param bytes the message as sent
 */
public record Message(PublicKey from, byte[] bytes) {
  /**
   * A message; the bytes are copied.
   *
   * @param from the sender's public key
   * @param bytes the message as sent
   */
  public Message {
    bytes = bytes.clone();
  }

  /**
   * The bytes (a copy).
   *
   * @return the message's bytes
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The bytes decoded as UTF-8, for text messages.
   *
   * @return the message as text
   */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
