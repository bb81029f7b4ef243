package dev.conifer.router;

import dev.conifer.snek.SnekEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans router events out to every {@link RouterListener} on the router thread. A listener that
 * throws is counted in {@code conifer.router.errors}, logged at warning with its stack trace (the
 * JDK's platform logger: this module has no logging library), and cannot stop the router or the
 * others.
 */
final class RouterEvents {
  private static final System.Logger LOG = System.getLogger(RouterEvents.class.getName());
  private final List<RouterListener> listeners = new CopyOnWriteArrayList<>();
  private final RouterMetrics metrics;

  RouterEvents(RouterMetrics metrics) {
    this.metrics = metrics;
  }

  void add(RouterListener listener) {
    listeners.add(listener);
  }

  void peerUp(int port, PeerInfo info) {
    for (RouterListener listener : listeners) {
      try {
        listener.onPeerUp(port, info);
      } catch (RuntimeException e) {
        listenerFailed(listener, "onPeerUp", e);
      }
    }
  }

  void peerDown(int port, PeerInfo info, String reason) {
    for (RouterListener listener : listeners) {
      try {
        listener.onPeerDown(port, info, reason);
      } catch (RuntimeException e) {
        listenerFailed(listener, "onPeerDown", e);
      }
    }
  }

  void inputLimited(int port, PeerInfo info, DropReason reason, long dropped, long readPauses) {
    for (RouterListener listener : listeners) {
      try {
        listener.onInputLimited(port, info, reason, dropped, readPauses);
      } catch (RuntimeException e) {
        listenerFailed(listener, "onInputLimited", e);
      }
    }
  }

  /** Counts an internal error (a bug) and reports it, so the node can log it. */
  void internalError(Throwable error) {
    metrics.listenerError();
    for (RouterListener listener : listeners) {
      try {
        listener.onInternalError(error);
      } catch (RuntimeException e) {
        listenerFailed(listener, "onInternalError", e);
      }
    }
  }

  /** Every SNEK event except {@code DisconnectRequested}, which the core acts on itself. */
  void snekEvent(SnekEvent event) {
    for (RouterListener listener : listeners) {
      try {
        notify(listener, event);
      } catch (RuntimeException e) {
        listenerFailed(listener, event.getClass().getSimpleName(), e);
      }
    }
  }

  private static void notify(RouterListener listener, SnekEvent event) {
    if (event instanceof SnekEvent.RootChanged e) {
      listener.onRootChanged(e.root());
    } else if (event instanceof SnekEvent.ParentChanged e) {
      listener.onParentChanged(e.parentPort());
    } else if (event instanceof SnekEvent.CoordinatesChanged e) {
      listener.onCoordinatesChanged(e.coordinates());
    } else if (event instanceof SnekEvent.DescendingChanged e) {
      listener.onDescendingChanged(e.key());
    } else if (event instanceof SnekEvent.BroadcastReceived e) {
      listener.onBroadcastReceived(e.key());
    }
  }

  /** Counted and logged, never rethrown: one listener's bug must not stop routing. */
  private void listenerFailed(RouterListener listener, String event, RuntimeException error) {
    metrics.listenerError();
    LOG.log(
        System.Logger.Level.WARNING,
        () ->
            "router listener "
                + listener.getClass().getName()
                + " threw in "
                + event
                + " (counted in conifer.router.errors)",
        error);
  }
}
