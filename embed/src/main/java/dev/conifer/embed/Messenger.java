package dev.conifer.embed;

import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages by key over sessions (ALPN {@value #ALPN}): the sender writes the message and its FIN;
 * the receiver reads to the FIN, answers one verdict byte and its FIN. The sender returns only on
 * {@link #ACCEPTED}, so a message that {@code send} reported sent is in the receiver's inbox; every
 * refusal is counted on both sides and logged by the receiver.
 */
final class Messenger {
  static final String ALPN = "conifer-message/1";
  static final int ACCEPTED = 0;
  static final int INBOX_FULL = 1;
  static final int TOO_LARGE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Messenger.class);

  private final Sessions sessions;
  private final BlockingQueue<Message> inbox;
  private final Duration dialTimeout;
  private final Counter received;
  private final Counter refusedInboxFull;
  private final Counter refusedTooLarge;
  private final Counter sent;
  private final Counter sendRefused;
  private final Counter sendFailed;

  Messenger(Sessions sessions, int inboxCapacity, Duration dialTimeout, MeterRegistry registry) {
    this.sessions = sessions;
    this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
    this.dialTimeout = dialTimeout;
    String in = "conifer.messages.received";
    String out = "conifer.messages.sent";
    String help = "Messages by key (docs/EMBEDDING.md) by outcome";
    received = Counter.builder(in).tag("outcome", "accepted").description(help).register(registry);
    refusedInboxFull =
        Counter.builder(in).tag("outcome", "inbox_full").description(help).register(registry);
    refusedTooLarge =
        Counter.builder(in).tag("outcome", "too_large").description(help).register(registry);
    sent = Counter.builder(out).tag("outcome", "accepted").description(help).register(registry);
    sendRefused =
        Counter.builder(out).tag("outcome", "refused").description(help).register(registry);
    sendFailed = Counter.builder(out).tag("outcome", "failed").description(help).register(registry);
  }

  void listen() {
    sessions.listen(ALPN, this::onStream);
  }

  private void onStream(SessionStream stream) throws IOException {
    byte[] bytes = stream.inputStream().readNBytes(Conifer.MAX_MESSAGE_BYTES + 1);
    int verdict;
    if (bytes.length > Conifer.MAX_MESSAGE_BYTES) {
      verdict = TOO_LARGE;
      refusedTooLarge.increment();
      LOG.warn(
          "refused a message from {}: larger than {} bytes",
          stream.remoteKey(),
          Conifer.MAX_MESSAGE_BYTES);
    } else if (inbox.offer(new Message(stream.remoteKey(), bytes))) {
      verdict = ACCEPTED;
      received.increment();
    } else {
      verdict = INBOX_FULL;
      refusedInboxFull.increment();
      LOG.warn(
          "refused a message from {}: the inbox holds {} unread messages",
          stream.remoteKey(),
          inbox.size());
    }
    OutputStream reply = stream.outputStream();
    reply.write(verdict);
    reply.close();
  }

  void send(PublicKey to, byte[] message) throws InterruptedException {
    if (message.length > Conifer.MAX_MESSAGE_BYTES) {
      sendRefused.increment();
      throw new IllegalArgumentException(
          "message of "
              + message.length
              + " bytes is larger than "
              + Conifer.MAX_MESSAGE_BYTES
              + "; send a blob instead");
    }
    int verdict;
    try (SessionStream stream = dial(to)) {
      OutputStream out = stream.outputStream();
      out.write(message);
      out.close();
      verdict = stream.inputStream().read();
    } catch (IOException e) {
      sendFailed.increment();
      throw new ConiferException("message to " + to + " not confirmed: " + e.getMessage(), e);
    }
    switch (verdict) {
      case ACCEPTED -> sent.increment();
      case INBOX_FULL -> throw refused(to, "its inbox is full");
      case TOO_LARGE -> throw refused(to, "the message is too large");
      default -> {
        sendFailed.increment();
        throw new ConiferException(
            "message to " + to + " not confirmed: the stream ended without a verdict");
      }
    }
  }

  private ConiferException refused(PublicKey to, String why) {
    sendRefused.increment();
    return new ConiferException(to + " refused the message: " + why);
  }

  private SessionStream dial(PublicKey to) throws InterruptedException {
    try {
      return sessions.dial(to, ALPN).get(dialTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      sendFailed.increment();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConiferException("cannot reach " + to + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      sendFailed.increment();
      throw new ConiferException(
          "cannot reach " + to + ": no session within " + dialTimeout.toSeconds() + " s", e);
    }
  }

  Message receive(Duration timeout) throws InterruptedException {
    return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Messages accepted but never received: said once at close, never dropped silently. */
  void close() {
    int unread = inbox.size();
    if (unread > 0) {
      LOG.warn("closing with {} received messages the application did not read", unread);
    }
  }
}
