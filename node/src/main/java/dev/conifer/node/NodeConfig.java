package dev.conifer.node;

import dev.conifer.node.doorway.DoorwayConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code conifer node} was asked to do, validated and normalised.
 *
 * @param keyFile the identity key file, created if missing; null for an in-memory key (ping)
 * @param listen canonical listen URIs ({@code tcp://…}, {@code ws://…/})
 * @param connect static peers, redialled with backoff while disconnected
 * @param admin the admin HTTP address, or null for none
 * @param echo send every received payload back to its source
 * @param multicast LAN discovery's interface filter ("" for every qualifying interface), or null
 *     for off
 * @param sessions start QUIC sessions over the overlay (incompatible with {@code echo}: both
 *     receive this node's payloads)
 * @param data the data directory for blobs and sync, or null for none (then only sessions run)
 * @param doorway the web doorway (needs {@code data}), or null for none
 * @param home the data directory the node owns (lock, daemon record, control token, peers added at
 *     run time), even when blobs and sync are off; null for none
 * @param adminToken the admin server's bearer token file, or null for {@code home}'s {@code
 *     control.token} (none without {@code home})
 */
public record NodeConfig(
    Path keyFile,
    List<URI> listen,
    List<URI> connect,
    InetSocketAddress admin,
    boolean echo,
    String multicast,
    boolean sessions,
    Path data,
    DoorwayConfig doorway,
    Path home,
    Path adminToken) {
  public NodeConfig {
    listen = List.copyOf(listen);
    connect = List.copyOf(connect);
    if (echo && sessions) {
      throw new IllegalArgumentException("--echo and sessions both want this node's payloads");
    }
    if (data != null && !sessions) {
      throw new IllegalArgumentException("blobs and sync need sessions");
    }
  }

  /** Owning {@code data}, if any, with its token, and a doorway. */
  public NodeConfig(
      Path keyFile,
      List<URI> listen,
      List<URI> connect,
      InetSocketAddress admin,
      boolean echo,
      String multicast,
      boolean sessions,
      Path data,
      DoorwayConfig doorway) {
    this(keyFile, listen, connect, admin, echo, multicast, sessions, data, doorway, data, null);
  }

  /** Without a doorway. */
  public NodeConfig(
      Path keyFile,
      List<URI> listen,
      List<URI> connect,
      InetSocketAddress admin,
      boolean echo,
      String multicast,
      boolean sessions,
      Path data) {
    this(keyFile, listen, connect, admin, echo, multicast, sessions, data, null);
  }

  /** Without sessions, blobs or sync. */
  public NodeConfig(
      Path keyFile,
      List<URI> listen,
      List<URI> connect,
      InetSocketAddress admin,
      boolean echo,
      String multicast) {
    this(keyFile, listen, connect, admin, echo, multicast, false, null);
  }

  /** Without LAN discovery. */
  public NodeConfig(
      Path keyFile, List<URI> listen, List<URI> connect, InetSocketAddress admin, boolean echo) {
    this(keyFile, listen, connect, admin, echo, null);
  }
}
