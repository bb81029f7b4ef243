package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.UncheckedGroup;
import dev.conifer.transfer.hash.VerifiedGroup;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes received groups on a pool while the reading thread goes on reading, and hands them to the
 * sink in arrival order, one call at a time, only once each has verified. Hashing is most of a
 * fetch's CPU and the sink's disk writes and syncs most of the rest; done on the reading thread,
 * they took turns with receiving.
 *
 * <p>The sink runs on a pool thread, or on the reader when it helped (never two calls at once; each
 * call happens-before the next and before {@link #finish} returns). At most {@code inFlightMax}
 * groups are queued, hashing or waiting for their turn at the sink; {@link #submit} blocks while
 * that many are, which is the back-pressure on the reader. While blocked, the reader hashes a group
 * no pool thread has started yet instead of sleeping. The first group, in order, that fails ends
 * the pipeline: it and every group after it are dropped, never delivered, and the reader gets the
 * failure from its next {@link #submit} or {@link #finish}. Groups before it are delivered, exactly
 * as the inline check would have. One reading thread at a time.
 */
public final class GroupCheckPipeline {
  private static final int POOL_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Executor executor;
  private final int inFlightMax;
  private final BlobsClient.GroupSink sink;
  private final Object lock = new Object();
  // Guarded by lock.
  private final ArrayDeque<Check> queue = new ArrayDeque<>();
  private boolean delivering;
  private IOException failure;
  private int inFlightPeak;

  /**
   * @param executor hashes and delivers; if it rejects a task, the reader runs it itself
   * @param inFlightMax groups in the pipeline at once (memory is this times 16 KiB)
   */
  public GroupCheckPipeline(Executor executor, int inFlightMax, BlobsClient.GroupSink sink) {
    if (inFlightMax < 1) {
      throw new IllegalArgumentException("inFlightMax must be positive: " + inFlightMax);
    }
    this.executor = executor;
    this.inFlightMax = inFlightMax;
    this.sink = sink;
  }

  /** A process-wide pool of daemon threads, one per core, shared by every client's pipeline. */
  public static Executor sharedPool() {
    return SharedPool.POOL;
  }

  /** The most groups ever in the pipeline at once. */
  public int inFlightPeak() {
    synchronized (lock) {
      return inFlightPeak;
    }
  }

  /**
   * Waits for room, then queues {@code group} for hashing and delivery.
   *
   * @throws BlobsException VERIFICATION_FAILED if an earlier group failed
   * @throws IOException what the sink threw for an earlier group
   */
  public void submit(UncheckedGroup group) throws IOException {
    Check check = new Check(group, null);
    while (true) {
      Check help;
      synchronized (lock) {
        if (failure != null || queue.size() < inFlightMax) {
          break;
        }
        help = claimUnstarted();
        if (help == null) {
          await();
          continue;
        }
      }
      help.check(); // better than sleeping while the pool waits for a core
    }
    synchronized (lock) {
      throwFailure();
      queue.add(check);
      inFlightPeak = Math.max(inFlightPeak, queue.size());
    }
    try {
      executor.execute(check);
    } catch (RejectedExecutionException e) {
      check.run();
    }
  }

  /**
   * Runs {@code action} in order, once every group submitted before it has been delivered, on the
   * thread that delivers; never, if a group before it fails. A fetch marks the end of each GET this
   * way, so the reader reads on across responses instead of draining the pipeline at each.
   *
   * @throws BlobsException VERIFICATION_FAILED if an earlier group failed
   * @throws IOException what the sink threw for an earlier group
   */
  public void afterDelivered(Runnable action) throws IOException {
    Check marker = new Check(null, action);
    marker.claimed = true;
    marker.done = true;
    synchronized (lock) {
      throwFailure();
      queue.add(marker);
    }
    deliverReady();
  }

  /** Waits until every queued group is delivered, or throws the first failure. */
  public void finish() throws IOException {
    while (true) {
      Check help;
      synchronized (lock) {
        if (failure != null || queue.isEmpty()) {
          throwFailure();
          return;
        }
        help = claimUnstarted();
        if (help == null) {
          await();
          continue;
        }
      }
      help.check();
    }
  }

  /** The oldest check no thread has started, now claimed by the caller; null if none. */
  private Check claimUnstarted() {
    for (Check c : queue) {
      if (!c.claimed) {
        c.claimed = true;
        return c;
      }
    }
    return null;
  }

  /**
   * After the stream failed with {@code cause}: lets the groups already received finish, then
   * returns what to throw: the first verification failure among them if there is one (a lie
   * outranks a transport error), else {@code cause}.
   */
  public IOException finishAfter(IOException cause) {
    try {
      finish();
    } catch (IOException e) {
      if (e instanceof BlobsException b && b.error() == BlobsError.VERIFICATION_FAILED) {
        if (e != cause) { // the cause may be this very failure, thrown earlier by submit
          e.addSuppressed(cause);
        }
        return e;
      }
    }
    return cause;
  }

  /** Drops whatever is still queued; nothing more reaches the sink. */
  public void abandon() {
    synchronized (lock) {
      if (failure == null) {
        failure = new BlobsException(BlobsError.IO, "response abandoned");
      }
      queue.clear();
      lock.notifyAll();
    }
  }

  private void await() throws BlobsException {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new BlobsException(BlobsError.IO, "interrupted while verifying");
      queue.clear();
    }
  }

  private void throwFailure() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  /** Called by a check when its hash is done: one thread at a time delivers the finished head. */
  private void deliverReady() {
    synchronized (lock) {
      if (delivering) {
        return; // the delivering thread will see this check when it reaches it
      }
      delivering = true;
    }
    while (true) {
      Check head;
      synchronized (lock) {
        head = queue.peek();
        if (head == null || !head.done) {
          delivering = false;
          return;
        }
      }
      IOException error = head.error;
      if (error == null) {
        try {
          if (head.action != null) {
            head.action.run();
          } else {
            sink.accept(head.result);
          }
        } catch (IOException e) {
          error = e;
        } catch (RuntimeException e) {
          error = new BlobsException(BlobsError.INTERNAL, "group sink failed: " + e, e);
        }
      }
      synchronized (lock) {
        if (error != null && failure == null) {
          failure = error;
        }
        if (failure != null) {
          queue.clear();
        } else {
          queue.poll();
        }
        lock.notifyAll();
      }
    }
  }

  private final class Check implements Runnable {
    final UncheckedGroup group; // null for a marker
    final Runnable action; // a marker's action, else null
    // Written before done is set under the lock; read after seeing done under the lock.
    VerifiedGroup result;
    IOException error;
    boolean claimed;
    boolean done;

    Check(UncheckedGroup group, Runnable action) {
      this.group = group;
      this.action = action;
    }

    @Override
    public void run() {
      synchronized (lock) {
        if (failure != null || claimed) {
          return; // the response is over, or the reader checked this group itself
        }
        claimed = true;
      }
      check();
    }

    /** Hashes the group, then delivers whatever is ready; the caller has claimed it. */
    void check() {
      VerifiedGroup r = null;
      IOException e = null;
      try {
        r = group.verify();
      } catch (BlobsException x) {
        e = x;
      } catch (RuntimeException x) {
        e = new BlobsException(BlobsError.INTERNAL, "group check failed: " + x, x);
      }
      synchronized (lock) {
        result = r;
        error = e;
        done = true;
      }
      deliverReady();
    }
  }

  private static final class SharedPool {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(
            POOL_THREADS,
            new ThreadFactory() {
              private final AtomicInteger count = new AtomicInteger();

              @Override
              public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "blobs-verify-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              }
            });
  }
}
