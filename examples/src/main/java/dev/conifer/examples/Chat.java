package dev.conifer.examples;

import dev.conifer.embed.Conifer;
import dev.conifer.session.SessionStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A chat over a session stream between two embedded nodes: bob opens a stream to alice's key on the
 * application's own protocol ("example-chat/1"), writes lines, and alice answers each one. Then bob
 * finishes his side; alice finishes hers after reading his last line, so bob's end of input means
 * alice read everything.
 */
public final class Chat {
  static final String ALPN = "example-chat/1";

  public static void main(String[] args) throws Exception {
    try (Conifer alice = Conifer.builder().listen("tcp://127.0.0.1:0").start();
        Conifer bob = Conifer.builder().connect(alice.listening().get(0).toString()).start()) {
      alice.sessions().listen(ALPN, Chat::answer);
      if (!bob.awaitPeer(alice.publicKey(), Duration.ofSeconds(30))) {
        throw new IllegalStateException("bob did not link to alice in 30 s");
      }
      try (SessionStream stream =
          bob.sessions().dial(alice.publicKey(), ALPN).get(30, TimeUnit.SECONDS)) {
        PrintWriter out = writer(stream);
        BufferedReader in = reader(stream);
        for (String line : List.of("hi alice", "are you there?", "bye")) {
          System.out.println("bob:   " + line);
          out.println(line);
          out.flush();
          System.out.println("alice: " + in.readLine());
        }
        stream.outputStream().close(); // our FIN: alice's loop ends
        if (in.readLine() != null) {
          throw new IllegalStateException("alice said more than expected");
        }
      }
      System.out.println("chat closed");
    }
  }

  /** Alice's side: one reply per line until bob finishes. */
  private static void answer(SessionStream stream) throws IOException {
    BufferedReader in = reader(stream);
    PrintWriter out = writer(stream);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      out.println("got '" + line + "' (" + line.length() + " characters)");
      out.flush();
    }
  }

  private static BufferedReader reader(SessionStream stream) {
    return new BufferedReader(new InputStreamReader(stream.inputStream(), StandardCharsets.UTF_8));
  }

  private static PrintWriter writer(SessionStream stream) {
    Writer w = new java.io.OutputStreamWriter(stream.outputStream(), StandardCharsets.UTF_8);
    return new PrintWriter(w);
  }
}
