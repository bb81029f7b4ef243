package dev.conifer.session.tools;

import dev.conifer.session.SessionException;
import dev.conifer.session.SessionStream;
import dev.conifer.session.Sessions;
import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code conifer nc}: netcat over one session stream, piping given streams (the CLI passes stdin,
 * stdout and stderr). Exit codes: 0 done, 1 session or I/O error (or a transfer that was not
 * confirmed), 2 nobody connected in time.
 *
 * <p>QUIC acknowledges bytes to the peer's stack, not to its reader, so each end learns that the
 * other has read everything from the other's next step (docs/SESSIONS.md "nc"):
 *
 * <ul>
 *   <li>The dialer sends its input, then its FIN. The listener sends its FIN only after it has read
 *       the dialer's FIN, so the dialer seeing EOF means the listener read every byte: only then
 *       does the dialer exit 0.
 *   <li>The listener writes the dialer's bytes to its output, sends its own input (what is there
 *       when the dialer finishes, within {@link #REPLY_GRACE}), then its FIN. The dialer closes the
 *       connection once it has read that FIN, which is the listener's confirmation: the listener
 *       exits 0 only when the connection closes within {@link #CONFIRM_WAIT}.
 * </ul>
 */
public final class NetcatSession {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int NO_PEER = 2;

  /** How long the listener waits for the dialer's confirmation (its connection close). */
  static final Duration CONFIRM_WAIT = Duration.ofSeconds(10);

  /** Dials before the dialer gives up on a key that does not answer (each takes dialTimeout). */
  static final int DIAL_ATTEMPTS = 3;

  /** How long the dialer waits for its CONNECTION_CLOSE to be sent. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  /** How long a listener keeps sending input that is already there after the dialer finished. */
  static final Duration REPLY_GRACE = Duration.ofSeconds(2);

  private NetcatSession() {}

  /**
   * Accepts one stream on {@code alpn} and pipes it to {@code out} (and {@code in} to it). Prints
   * this node's key on {@code err}. Waits up to {@code acceptTimeout} for a client (null: forever).
   */
  public static int listen(
      Sessions sessions,
      String alpn,
      InputStream in,
      OutputStream out,
      PrintStream err,
      Duration acceptTimeout,
      boolean verbose) {
    CompletableFuture<SessionStream> accepted = new CompletableFuture<>();
    sessions.listen(
        alpn,
        stream -> {
          if (!accepted.complete(stream.detach())) {
            stream.close(); // one client only
          }
        });
    err.println("listening on " + sessions.publicKey().toHex() + " alpn " + alpn);
    err.flush();
    SessionStream stream;
    try {
      stream =
          acceptTimeout == null
              ? accepted.get()
              : accepted.get(acceptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      err.println("nc: nobody connected within " + acceptTimeout.toSeconds() + " s");
      return NO_PEER;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } catch (ExecutionException e) {
      err.println("nc: " + e.getCause().getMessage());
      return FAILED;
    }
    if (verbose) {
      err.println("nc: connection from " + stream.remoteKey().toHex());
    }
    Upload upload = Upload.start(in, stream, false);
    Transfer t = new Transfer(upload, err);
    try {
      t.received = copy(stream.inputStream(), out);
      upload.finishWithin(REPLY_GRACE);
      if (upload.failure != null) {
        return t.failed(upload.failure.getMessage());
      }
      if (upload.dropped > 0) {
        err.println(
            "nc: stopped sending when the dialer finished; "
                + upload.dropped
                + " bytes read from input after that were not sent");
      }
      if (!stream.awaitConnectionClosed(CONFIRM_WAIT)) {
        return t.failed("the dialer did not confirm within " + CONFIRM_WAIT.toSeconds() + " s");
      }
      return t.done(verbose);
    } catch (IOException e) {
      return t.failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return t.failed("interrupted");
    } finally {
      stream.close();
    }
  }

  /** Dials {@code key} on {@code alpn} and pipes {@code in} to it and it to {@code out}. */
  public static int dial(
      Sessions sessions,
      PublicKey key,
      String alpn,
      InputStream in,
      OutputStream out,
      PrintStream err,
      boolean verbose) {
    SessionStream stream = null;
    for (int attempt = 1; stream == null; attempt++) {
      try {
        stream = sessions.dial(key, alpn).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return FAILED;
      } catch (ExecutionException e) {
        boolean timeout =
            e.getCause() instanceof SessionException se
                && se.reason() == SessionException.Reason.TIMEOUT;
        // A network still settling after we joined (a new root, a path not yet formed) loses
        // the handshake's first packets, and QUIC's own retries back off past the dial timeout:
        // a fresh attempt starts over at once.
        if (timeout && attempt < DIAL_ATTEMPTS) {
          if (verbose) {
            err.println("nc: no answer from " + key.toHex() + " yet; dialling again");
          }
          continue;
        }
        err.println("nc: " + e.getCause().getMessage());
        return timeout ? NO_PEER : FAILED;
      }
    }
    Upload upload = Upload.start(in, stream, true);
    Transfer t = new Transfer(upload, err);
    try {
      t.received = copy(stream.inputStream(), out);
      // A listener that keeps to the rules cannot end before reading our FIN, and the FIN is only
      // queued after allWritten was set: EOF without it means our bytes went unread.
      boolean confirmed = upload.allWritten;
      upload.join();
      if (upload.failure != null) {
        return t.failed(upload.failure.getMessage());
      }
      if (!confirmed) {
        return t.failed("the listener finished before it had read everything we sent");
      }
      t.confirmed = true;
      stream.closeConnection(CLOSE_WAIT); // the listener's confirmation: we read its FIN
      return t.done(verbose);
    } catch (IOException e) {
      return t.failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return t.failed("interrupted");
    } finally {
      stream.close();
    }
  }

  /** Copies until EOF and returns the byte count; flushes whenever no more input is waiting. */
  static long copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[64 << 10];
    long total = 0;
    int n;
    while ((n = from.read(buffer)) >= 0) {
      to.write(buffer, 0, n);
      total += n;
      if (from.available() == 0) {
        to.flush(); // interactive use: show what arrived without waiting for more
      }
    }
    to.flush();
    return total;
  }

  /** The byte counts of one end, and the one line it prints when it ends. */
  private static final class Transfer {
    private final Upload upload;
    private final PrintStream err;
    long received;
    boolean confirmed;

    Transfer(Upload upload, PrintStream err) {
      this.upload = upload;
      this.err = err;
    }

    int done(boolean verbose) {
      if (verbose) {
        err.println("nc: sent " + upload.sent + " bytes, received " + received + " bytes");
      }
      return OK;
    }

    int failed(String why) {
      err.println(
          "nc: failed after sending "
              + upload.sent
              + " bytes ("
              + (confirmed ? "all" : "none")
              + " confirmed by the peer) and receiving "
              + received
              + " bytes: "
              + why);
      return FAILED;
    }
  }

  /** Copies local input to the stream on its own thread; with {@code finishAtEof}, FIN at EOF. */
  private static final class Upload extends Thread {
    private final InputStream in;
    private final SessionStream stream;
    private final boolean finishAtEof;
    private final Object writing = new Object();
    private boolean stopped; // guarded by writing
    volatile long sent;
    volatile long dropped;
    volatile boolean allWritten;
    volatile IOException failure;

    private Upload(InputStream in, SessionStream stream, boolean finishAtEof) {
      super("conifer-nc-upload");
      this.in = in;
      this.stream = stream;
      this.finishAtEof = finishAtEof;
      setDaemon(true); // a listener may leave it blocked on an input that never ends
    }

    static Upload start(InputStream in, SessionStream stream, boolean finishAtEof) {
      Upload upload = new Upload(in, stream, finishAtEof);
      upload.start();
      return upload;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[64 << 10];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (writing) {
            if (stopped) {
              dropped += n;
              continue;
            }
            stream.outputStream().write(buffer, 0, n);
            sent += n;
          }
        }
        if (finishAtEof) {
          finish();
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    /**
     * Lets input that is already there go out for up to {@code grace}, then stops sending and sends
     * our FIN. A write in progress completes first.
     */
    void finishWithin(Duration grace) throws InterruptedException, IOException {
      join(grace.toMillis());
      synchronized (writing) {
        stopped = true;
      }
      if (failure == null) {
        finish();
      }
    }

    private void finish() throws IOException {
      allWritten = true; // before the FIN is queued: see dial()
      stream.outputStream().close();
    }
  }
}
