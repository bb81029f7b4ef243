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
 * stdout and stderr). Exit codes: 0 done, 1 session or I/O error, 2 nobody connected in time.
 *
 * <p>The listener sends its FIN only after it has read the client's, so the client seeing EOF after
 * its own FIN means the listener received everything the client sent: the client exits 0 only then.
 * The listener exits when the stream ends (the client's FIN), leaving its own stdin.
 */
public final class NetcatSession {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int NO_PEER = 2;
  private static final int BUFFER = 64 << 10;

  /** How long the listener lets its FIN drain before returning (the process may exit then). */
  private static final Duration LINGER = Duration.ofSeconds(5);

  /** How long a listener keeps sending input that is already there after the client finished. */
  private static final Duration REPLY_GRACE = Duration.ofSeconds(2);

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
      Duration acceptTimeout) {
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
    err.println("connection from " + stream.remoteKey().toHex());
    Pump upload = (Pump) pump(in, stream, true, err);
    try {
      copy(stream.inputStream(), out);
      // The listener ends when the stream does, but input already there still goes out first: a
      // short client input must not cut off our reply. Input that is not there by then is not.
      upload.join(REPLY_GRACE.toMillis());
      if (upload.isAlive()) {
        upload.stopped = true;
        stream.outputStream().close(); // our FIN
        upload.interrupt();
      } else if (upload.failed) {
        return FAILED;
      }
      stream.channel().closeFuture().await(LINGER.toMillis());
      return OK;
    } catch (IOException e) {
      err.println("nc: " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
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
      PrintStream err) {
    SessionStream stream;
    try {
      stream = sessions.dial(key, alpn).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } catch (ExecutionException e) {
      err.println("nc: " + e.getCause().getMessage());
      return e.getCause() instanceof SessionException se
              && se.reason() == SessionException.Reason.TIMEOUT
          ? NO_PEER
          : FAILED;
    }
    Thread upload = pump(in, stream, true, err);
    try {
      copy(stream.inputStream(), out);
      upload.join(); // the listener only finishes after our FIN: the upload is done
      return uploadFailed(upload) ? FAILED : OK;
    } catch (IOException e) {
      err.println("nc: " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } finally {
      stream.close();
    }
  }

  private static boolean uploadFailed(Thread upload) {
    return upload instanceof Pump p && p.failed;
  }

  private static Thread pump(
      InputStream in, SessionStream stream, boolean finish, PrintStream err) {
    Pump pump = new Pump(in, stream, finish, err);
    pump.setDaemon(true);
    pump.start();
    return pump;
  }

  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = from.read(buffer)) >= 0) {
      to.write(buffer, 0, n);
      if (from.available() == 0) {
        to.flush(); // interactive use: show what arrived without waiting for more
      }
    }
    to.flush();
  }

  /** Copies local input to the stream; FIN at EOF when {@code finish}. */
  private static final class Pump extends Thread {
    private final InputStream in;
    private final SessionStream stream;
    private final boolean finish;
    private final PrintStream err;
    volatile boolean failed;
    volatile boolean stopped; // the listener finished for us: later errors are expected

    Pump(InputStream in, SessionStream stream, boolean finish, PrintStream err) {
      super("conifer-nc-upload");
      this.in = in;
      this.stream = stream;
      this.finish = finish;
      this.err = err;
    }

    @Override
    public void run() {
      try {
        copy(in, stream.outputStream());
        if (finish && !stopped) {
          stream.outputStream().close();
        }
      } catch (IOException e) {
        if (finish && !stopped) {
          failed = true;
          err.println("nc: sending failed: " + e.getMessage());
          stream.close();
        }
      }
    }
  }
}
