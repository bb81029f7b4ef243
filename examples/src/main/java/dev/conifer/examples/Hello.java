package dev.conifer.examples;

import dev.conifer.embed.Conifer;
import dev.conifer.embed.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Two nodes in one process: bob links to alice and sends her a message by her key. */
public final class Hello {
  public static void main(String[] args) throws InterruptedException {
    try (Conifer alice = Conifer.builder().listen("tcp://127.0.0.1:0").start();
        Conifer bob = Conifer.builder().connect(alice.listening().get(0).toString()).start()) {
      if (!bob.awaitPeer(alice.publicKey(), Duration.ofSeconds(30))) {
        throw new IllegalStateException("bob did not link to alice in 30 s");
      }
      bob.send(alice.publicKey(), "hello, alice".getBytes(StandardCharsets.UTF_8));
      Message message = alice.receive(Duration.ofSeconds(30)).orElseThrow();
      boolean fromBob = message.from().equals(bob.publicKey());
      System.out.println("alice got '" + message.text() + "' from bob: " + fromBob);
    }
  }
}
