package dev.conifer.transport.bt;

import dev.conifer.snek.PeerType;
import dev.conifer.transport.PeerUri;
import dev.conifer.transport.link.PeerOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.bluetooth.DeviceClass;
import javax.bluetooth.DiscoveryAgent;
import javax.bluetooth.DiscoveryListener;
import javax.bluetooth.L2CAPConnection;
import javax.bluetooth.L2CAPConnectionNotifier;
import javax.bluetooth.LocalDevice;
import javax.bluetooth.RemoteDevice;
import javax.bluetooth.ServiceRecord;
import javax.bluetooth.UUID;
import javax.microedition.io.Connection;
import javax.microedition.io.Connector;
import javax.microedition.io.StreamConnection;
import javax.microedition.io.StreamConnectionNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bluetooth peering through JSR-82 (BlueCove): RFCOMM ({@code btspp://}) and L2CAP ({@code
 * btl2cap://}) listeners that advertise an SDP record with {@link #SERVICE_UUID}, and dials to an
 * explicit channel or PSM or, for {@code bt://ADDRESS}, to whatever that record names. Every
 * peering is {@code PeerType.BLUETOOTH} (least preferred; the router gives it small queues), zone
 * "bluetooth" inbound and "static" outbound. JSR-82 blocks, so all of it runs on its own threads.
 *
 * <p>Untested on real hardware in CI (no adapter); see docs/TRANSPORTS.md for the manual test.
 */
public final class BluetoothPeering implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BluetoothPeering.class);

  /** The Conifer peering service class, in every SDP record we publish and search for. */
  public static final String SERVICE_UUID = "c0f1e2b7a3d54e6f8a9b0c1d2e3f4a5b";

  public static final String SERVICE_NAME = "Conifer peering";
  public static final String ZONE_INBOUND = "bluetooth";
  private static final int SDP_SEARCH_TIMEOUT_S = 30;

  private final BtLinkBridge bridge;
  private final ExecutorService blocking =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "conifer-bt");
            t.setDaemon(true);
            return t;
          });
  private final java.util.List<Connection> notifiers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public BluetoothPeering(BtLinkBridge bridge) {
    this.bridge = bridge;
  }

  /**
   * Listens on RFCOMM ({@code btspp://localhost}, also {@code bt://localhost}) or L2CAP ({@code
   * btl2cap://localhost}). Completes with our adapter address (unresolved) and the channel or PSM.
   */
  public CompletableFuture<InetSocketAddress> listen(PeerUri uri) {
    if (!uri.host().equals("localhost")) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("listen on " + uri.scheme().text() + "://localhost"));
    }
    boolean l2cap = uri.scheme() == PeerUri.Scheme.BTL2CAP;
    String url =
        (l2cap ? "btl2cap" : "btspp")
            + "://localhost:"
            + SERVICE_UUID
            + ";name="
            + SERVICE_NAME
            + ";authenticate=false;encrypt=false";
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Connection notifier = Connector.open(url);
            ServiceRecord record = LocalDevice.getLocalDevice().getRecord(notifier);
            String advertised =
                record.getConnectionURL(ServiceRecord.NOAUTHENTICATE_NOENCRYPT, false);
            LOG.info("listening on Bluetooth {} (SDP {})", advertised, SERVICE_UUID);
            notifiers.add(notifier);
            blocking.execute(() -> acceptLoop(notifier, l2cap));
            return InetSocketAddress.createUnresolved(
                LocalDevice.getLocalDevice().getBluetoothAddress(), channelOf(advertised));
          } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + uri + ": " + e.getMessage(), e);
          }
        },
        blocking);
  }

  private void acceptLoop(Connection notifier, boolean l2cap) {
    while (!closed) {
      try {
        BtStream stream =
            l2cap
                ? l2capStream(((L2CAPConnectionNotifier) notifier).acceptAndOpen())
                : rfcommStream(((StreamConnectionNotifier) notifier).acceptAndOpen());
        bridge
            .attach(
                stream,
                new PeerOrigin(
                    ZONE_INBOUND, stream.describe(), PeerType.BLUETOOTH, PeerOrigin.KeyCheck.NONE))
            .exceptionally(
                e -> {
                  LOG.debug("Bluetooth peering failed: {}", e.getMessage());
                  return null;
                });
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("Bluetooth listener stopped: {}", e.getMessage());
        }
        return;
      }
    }
  }

  /** Dials {@code btspp://A:CH}, {@code btl2cap://A:PSM} or {@code bt://A} (found through SDP). */
  public CompletableFuture<BtLinkBridge.Attached> dial(PeerUri uri, String zone) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                String url = connectionUrl(uri);
                Connection connection = Connector.open(url);
                return connection instanceof L2CAPConnection
                    ? l2capStream((L2CAPConnection) connection)
                    : rfcommStream((StreamConnection) connection);
              } catch (IOException e) {
                throw new IllegalStateException(
                    "cannot connect to " + uri + ": " + e.getMessage(), e);
              }
            },
            blocking)
        .thenCompose(
            stream ->
                bridge.attach(
                    stream,
                    new PeerOrigin(
                        zone, uri.toString(), PeerType.BLUETOOTH, PeerOrigin.KeyCheck.NONE)));
  }

  private String connectionUrl(PeerUri uri) throws IOException {
    String options = ";authenticate=false;encrypt=false";
    switch (uri.scheme()) {
      case BTSPP:
        return "btspp://" + uri.host() + ":" + uri.port() + options;
      case BTL2CAP:
        return "btl2cap://" + uri.host() + ":" + Integer.toHexString(uri.port()) + options;
      default:
        return searchService(uri.host());
    }
  }

  /** SDP search on one device for the Conifer record; RFCOMM is preferred when both exist. */
  private String searchService(String address) throws IOException {
    DiscoveryAgent agent = LocalDevice.getLocalDevice().getDiscoveryAgent();
    CompletableFuture<String> found = new CompletableFuture<>();
    DiscoveryListener listener =
        new DiscoveryListener() {
          private String best;

          @Override
          public synchronized void servicesDiscovered(int transId, ServiceRecord[] records) {
            for (ServiceRecord record : records) {
              String url = record.getConnectionURL(ServiceRecord.NOAUTHENTICATE_NOENCRYPT, false);
              if (url != null && (best == null || url.startsWith("btspp"))) {
                best = url;
              }
            }
          }

          @Override
          public synchronized void serviceSearchCompleted(int transId, int respCode) {
            if (best != null) {
              found.complete(best);
            } else {
              found.completeExceptionally(
                  new IOException(
                      "no Conifer service on " + address + " (SDP code " + respCode + ")"));
            }
          }

          @Override
          public void deviceDiscovered(RemoteDevice device, DeviceClass deviceClass) {}

          @Override
          public void inquiryCompleted(int discType) {}
        };
    agent.searchServices(
        new int[] {0x0100},
        new UUID[] {new UUID(SERVICE_UUID, false)},
        new Device(address),
        listener);
    try {
      return found.get(SDP_SEARCH_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("SDP search on " + address + " failed: " + e.getMessage(), e);
    }
  }

  /** JSR-82 makes RemoteDevice's address constructor protected. */
  private static final class Device extends RemoteDevice {
    Device(String address) {
      super(address);
    }
  }

  private static int channelOf(String url) {
    // btspp://ADDR:CH;... or btl2cap://ADDR:PSMHEX;...
    int start = url.indexOf(':', url.indexOf("//") + 2) + 1;
    int end = url.indexOf(';', start);
    String value = url.substring(start, end < 0 ? url.length() : end);
    try {
      return url.startsWith("btl2cap") ? Integer.parseInt(value, 16) : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static BtStream rfcommStream(StreamConnection connection) throws IOException {
    InputStream in = connection.openInputStream();
    OutputStream out = new java.io.BufferedOutputStream(connection.openOutputStream(), 4096);
    String name = "btspp://" + RemoteDevice.getRemoteDevice(connection).getBluetoothAddress();
    return new BtStreams(in, out, connection::close, name);
  }

  static BtStream l2capStream(L2CAPConnection connection) throws IOException {
    String name = "btl2cap://" + RemoteDevice.getRemoteDevice(connection).getBluetoothAddress();
    return new BtStreams(
        new L2capInputStream(connection),
        new L2capOutputStream(connection),
        connection::close,
        name);
  }

  @Override
  public void close() {
    closed = true;
    for (Connection notifier : notifiers) {
      try {
        notifier.close(); // ends acceptAndOpen
      } catch (IOException e) {
        // closing anyway
      }
    }
    blocking.shutdownNow();
    bridge.close();
  }
}
