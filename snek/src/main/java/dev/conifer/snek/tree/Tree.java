package dev.conifer.snek.tree;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.peer.Ports;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.VarU64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The spanning tree (PROTOCOL.md §5): announcements, the decision table, parent selection. */
public final class Tree {
  private static final int NO_PORT = Hop.NONE;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** Room our own entry needs when we re-sign an announcement onwards. */
  private static final int OWN_ENTRY_LENGTH_MAX =
      VarU64.LENGTH_MAX + PublicKey.LENGTH + SwitchAnnouncement.ENTRY_LENGTH_MIN;

  private static final int ANNOUNCEMENT_LENGTH_MAX =
      FrameHeader.FRAME_LENGTH_MAX - FrameHeader.LENGTH - 2 - OWN_ENTRY_LENGTH_MAX;

  private final PublicKey self;
  private final Signer signer;
  private final Verifier announcementVerifier;
  private final Ports ports;
  private final TreeLinks links;
  private int parent = NO_PORT;
  private long ordering;
  private long sequence;
  private boolean waiting;
  private long reparentDeadlineNs = NO_DEADLINE;
  private long rootTimerDeadlineNs;
  private SwitchAnnouncement selfRoot;
  private String lastRejection;
  private long sequenceRegressionCount;
  private SwitchAnnouncement coordinatesSource;

  /**
   * Root instances lately stored, so that stored announcements naming the same root share one
   * instance (a network has few roots at a time, and announcements persist between changes).
   */
  private final Root[] sharedRoots = new Root[4];

  private int nextSharedRoot;

  private Coordinates coordinates = Coordinates.ROOT;

  /**
   * @param announcementVerifier checks announcement signatures (a caching verifier: the same
   *     announcement arrives from many peers)
   */
  public Tree(
      PublicKey self,
      Signer signer,
      Verifier announcementVerifier,
      Ports ports,
      TreeLinks links,
      long nowNs) {
    this.self = self;
    this.signer = signer;
    this.announcementVerifier = announcementVerifier;
    this.ports = ports;
    this.links = links;
    this.rootTimerDeadlineNs = nowNs; // the first run is at startup: sequence becomes 1
  }

  public int parent() {
    return parent;
  }

  /** The parent's stored announcement, or our own self-root (§5.3). */
  private SwitchAnnouncement current() {
    if (parent != NO_PORT) {
      PeerAnnouncement a = ports.announcement(parent);
      if (a != null) {
        return a.announcement();
      }
    }
    if (selfRoot == null || selfRoot.root().sequence() != sequence) {
      selfRoot = SwitchAnnouncement.rootOnly(new Root(self, sequence));
    }
    return selfRoot;
  }

  public Root root() {
    if (parent != NO_PORT) {
      PeerAnnouncement a = ports.announcement(parent);
      if (a != null) {
        return a.root(); // the shared instance, as the peers' roots are
      }
    }
    return current().root();
  }

  public Coordinates coordinates() {
    SwitchAnnouncement current = current();
    if (current != coordinatesSource) {
      coordinatesSource = current;
      coordinates = current.receiverCoordinates();
    }
    return coordinates;
  }

  public long deadlineNs() {
    return Math.min(rootTimerDeadlineNs, reparentDeadlineNs);
  }

  public void handleTimeout(long nowNs) {
    if (nowNs >= rootTimerDeadlineNs) {
      rootTimer(nowNs);
    }
    if (nowNs >= reparentDeadlineNs) {
      reparentDeadlineNs = NO_DEADLINE;
      waiting = false;
      if (selectParent(nowNs)) {
        links.parentSelected(nowNs);
      }
    }
  }

  /** Every 30 minutes a root bumps its sequence and re-announces (§5.7). */
  private void rootTimer(long nowNs) {
    rootTimerDeadlineNs = nowNs + SnekConfig.ROOT_ANNOUNCE_INTERVAL_NS;
    if (parent == NO_PORT) {
      sequence++;
      announceToAll();
    }
  }

  /** §5.4: receive an announcement from {@code port}. */
  public FrameVerdict handleAnnouncement(long nowNs, int port, SwitchAnnouncement a) {
    String insane = insanity(port, a);
    if (insane != null) {
      return reject(insane);
    }
    if (!a.verify(announcementVerifier)) {
      return reject("announcement signature does not verify");
    }
    PeerAnnouncement stored = ports.announcement(port);
    Root newRoot = a.root();
    if (stored != null
        && stored.root().key().equals(newRoot.key())
        && Long.compareUnsigned(newRoot.sequence(), stored.root().sequence()) < 0) {
      // Go disconnects here (§5.4 step 3), but honest peers regress while re-parenting after a
      // race. We keep the peering and store the truth; see act() for the parent case.
      sequenceRegressionCount++;
    }
    boolean isFirst = stored == null;
    boolean sendBroadcast = isFirst && !ports.anyAnnouncementFrom(ports.key(port), port);
    Root last = root();
    SwitchAnnouncement lastAnnouncement = current();
    int rootDelta = newRoot.key().compareTo(last.key());
    ports.announcement(port, PeerAnnouncement.of(a, nowNs, ++ordering, shared(newRoot, last)));
    if (!waiting) {
      act(nowNs, port, a, isFirst, rootDelta, last, lastAnnouncement);
    }
    if (sendBroadcast) {
      links.firstAnnouncementFrom(nowNs, port);
    }
    return FrameVerdict.CONSUMED;
  }

  /** The instance of {@code root} that stored announcements share: ours, or one lately stored. */
  private Root shared(Root root, Root ours) {
    if (root.equals(ours)) {
      return ours;
    }
    for (Root known : sharedRoots) {
      if (root.equals(known)) {
        return known;
      }
    }
    sharedRoots[nextSharedRoot] = root;
    nextSharedRoot = (nextSharedRoot + 1) % sharedRoots.length;
    return root;
  }

  private FrameVerdict reject(String reason) {
    lastRejection = reason;
    return FrameVerdict.BAD_ANNOUNCEMENT;
  }

  public long sequenceRegressionCount() {
    return sequenceRegressionCount;
  }

  public String lastRejection() {
    return lastRejection;
  }

  /** §5.4 step 2; null if sane, else what is wrong. */
  private String insanity(int port, SwitchAnnouncement a) {
    List<SwitchAnnouncement.Entry> entries = a.entries();
    if (entries.isEmpty()) {
      return "announcement has no entries";
    }
    if (!entries.get(0).key().equals(a.root().key())) {
      return "first entry is not the root";
    }
    if (!entries.get(entries.size() - 1).key().equals(ports.key(port))) {
      return "last entry is not the sending peer";
    }
    if (a.encodedLength() > ANNOUNCEMENT_LENGTH_MAX) {
      return "announcement too long to extend";
    }
    Set<PublicKey> seen = new HashSet<>();
    for (SwitchAnnouncement.Entry e : entries) {
      if (e.hop() == 0) {
        return "announcement has a zero hop";
      }
      if (!seen.add(e.key())) {
        return "key " + e.key().shortHex() + " appears twice";
      }
    }
    return null;
  }

  /** The decision table of §5.5. */
  private void act(
      long nowNs,
      int port,
      SwitchAnnouncement a,
      boolean isFirst,
      int rootDelta,
      Root last,
      SwitchAnnouncement lastAnnouncement) {
    boolean loop = a.contains(self);
    int seqDelta = Long.compareUnsigned(a.root().sequence(), last.sequence());
    if (port == parent) {
      // A regressed sequence from the parent is bad news too: becoming root for the hold-down
      // means no peer ever sees our sequence for one root go backwards.
      if (loop || rootDelta < 0 || (rootDelta == 0 && seqDelta <= 0)) {
        selectNewParentWithWait(nowNs);
      } else if (rootDelta > 0 || seqDelta > 0) {
        announceToAll(); // AcceptUpdate
      }
    } else if (!loop) {
      if (rootDelta > 0) {
        parent = port; // AcceptNewParent: no bootstrap
        announceToAll();
      } else if (rootDelta < 0) {
        if (!isFirst) {
          send(port, lastAnnouncement); // InformPeerOfStrongerRoot
        }
      } else if (selectParent(nowNs)) {
        links.parentSelected(nowNs);
      }
    }
  }

  private void selectNewParentWithWait(long nowNs) {
    waiting = true;
    becomeRoot(nowNs);
    reparentDeadlineNs = nowNs + SnekConfig.REPARENT_WAIT_NS;
  }

  /** §5.6. Returns true if the parent changed. */
  private boolean selectParent(long nowNs) {
    Root best = root();
    if (best.key().compareTo(self) < 0) {
      best = new Root(self, 0);
    }
    long bestOrder = Long.MAX_VALUE;
    int bestPort = NO_PORT;
    for (int port = 1; port <= ports.limit(); port++) {
      PeerAnnouncement a = ports.announcement(port);
      if (a == null
          || !ports.isStarted(port)
          || nowNs - a.receiveTimeNs() >= SnekConfig.ANNOUNCEMENT_TIMEOUT_NS
          || a.contains(self)) {
        continue;
      }
      int keyDelta = a.root().key().compareTo(best.key());
      int seqDelta = Long.compareUnsigned(a.root().sequence(), best.sequence());
      if (keyDelta > 0
          || (keyDelta == 0 && (seqDelta > 0 || (seqDelta == 0 && a.receiveOrder() < bestOrder)))) {
        best = a.root();
        bestOrder = a.receiveOrder();
        bestPort = port;
      }
    }
    if (bestPort == NO_PORT) {
      becomeRoot(nowNs);
      return false;
    }
    if (bestPort == parent) {
      return false;
    }
    parent = bestPort;
    announceToAll();
    return true;
  }

  private void becomeRoot(long nowNs) {
    if (parent == NO_PORT) {
      return;
    }
    parent = NO_PORT;
    sequence++;
    announceToAll();
    rootTimerDeadlineNs = nowNs + SnekConfig.ROOT_ANNOUNCE_INTERVAL_NS;
  }

  public void announceTo(int port) {
    send(port, current());
  }

  private void announceToAll() {
    SwitchAnnouncement current = current();
    for (int port = 1; port <= ports.limit(); port++) {
      if (ports.isStarted(port)) {
        send(port, current);
      }
    }
  }

  private void send(int port, SwitchAnnouncement announcement) {
    links.send(port, new TreeAnnouncementFrame(announcement.signedFor(port, signer)));
  }

  /**
   * §7.6 step 5, after the port's announcement was deleted: a lost parent is replaced at once (no
   * hold-down). Returns true if a new parent was chosen.
   */
  public boolean parentLost(long nowNs, int port) {
    return port == parent && selectParent(nowNs);
  }

  /** §7.6 step 1: the last peering is gone. Everything but the sequence starts again. */
  public void reset(long nowNs) {
    parent = NO_PORT;
    ordering = 0;
    waiting = false;
    reparentDeadlineNs = NO_DEADLINE;
    rootTimer(nowNs);
  }
}
