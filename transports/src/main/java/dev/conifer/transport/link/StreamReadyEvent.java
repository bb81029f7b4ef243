package dev.conifer.transport.link;

/**
 * A user event meaning "the byte stream is open; send the handshake now". Transports whose stream
 * starts after an upgrade (WebSocket) fire it; TCP starts at {@code channelActive} instead.
 */
public enum StreamReadyEvent {
  INSTANCE
}
