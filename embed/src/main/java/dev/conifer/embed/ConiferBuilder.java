package dev.conifer.embed;

import dev.conifer.node.NodeUris;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings for a {@link Conifer} node, from {@link Conifer#builder()}. Every setting has a default:
 * a fresh in-memory key, no listeners, no peers, messages and sessions on, blobs and sync off until
 * {@link #data} names a directory.
 */
public final class ConiferBuilder {
  Path keyFile;
  final List<URI> listen = new ArrayList<>();
  final List<URI> connect = new ArrayList<>();
  Path data;
  String lanDiscovery;
  int inboxCapacity = 1024;
  Duration dialTimeout = Duration.ofSeconds(10);

  ConiferBuilder() {}

  /**
   * The identity key file: 64 hex characters, the format of {@code conifer keygen} and Go
   * Pinecone's {@code -secretkey}. A missing file is created with mode 0600. Default: a fresh key
   * that lives only as long as the node.
   *
   * @param file the key file's path
   * @return this builder
   */
  public ConiferBuilder key(Path file) {
    this.keyFile = file;
    return this;
  }

  /**
   * Accepts peers on {@code uri}: {@code tcp://HOST:PORT}, {@code ws://HOST:PORT/PATH} or {@code
   * quic://HOST:PORT}; port 0 picks a free port ({@link Conifer#listening()} says which).
   *
   * @param uri the address to listen on
   * @return this builder
   * @throws IllegalArgumentException if {@code uri} is not a listen address
   */
  public ConiferBuilder listen(String uri) {
    listen.add(parse("listen", uri));
    return this;
  }

  /**
   * Peers with {@code uri} ({@code tcp://HOST:PORT}, {@code ws://…}, {@code wss://…}, {@code
   * quic://…}), redialling with backoff whenever the link is down.
   *
   * @param uri the peer's address
   * @return this builder
   * @throws IllegalArgumentException if {@code uri} is not a peer address
   */
  public ConiferBuilder connect(String uri) {
    connect.add(parse("connect", uri));
    return this;
  }

  /**
   * Keeps blobs and sync in {@code directory} (created if missing) and enables {@link
   * Conifer#blobs()} and {@link Conifer#sync()}. The node locks the directory while it runs, as
   * {@code conifer node --data} does.
   *
   * @param directory the data directory
   * @return this builder
   */
  public ConiferBuilder data(Path directory) {
    this.data = directory;
    return this;
  }

  /**
   * Finds peers on the local network by multicast.
   *
   * @param interfaceFilter a regular expression over interface names, or "" for every interface
   * @return this builder
   */
  public ConiferBuilder lanDiscovery(String interfaceFilter) {
    this.lanDiscovery = interfaceFilter;
    return this;
  }

  /**
   * How many received messages wait for {@link Conifer#receive}; beyond that senders are refused
   * (and told so). Default 1024.
   *
   * @param messages the inbox's capacity, at least 1
   * @return this builder
   */
  public ConiferBuilder inboxCapacity(int messages) {
    if (messages < 1) {
      throw new IllegalArgumentException("inboxCapacity must be at least 1: " + messages);
    }
    this.inboxCapacity = messages;
    return this;
  }

  /**
   * How long {@link Conifer#send} waits for a session to the receiver. Default 10 s.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public ConiferBuilder dialTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("dialTimeout must be positive: " + timeout);
    }
    this.dialTimeout = timeout;
    return this;
  }

  /**
   * Starts the node: key, listeners, peers, sessions, then blobs and sync if {@link #data} was
   * given. On failure everything already started is closed again.
   *
   * @return the running node; close it to stop
   * @throws ConiferException naming what could not start
   */
  public Conifer start() {
    return Conifer.start(this);
  }

  private static URI parse(String what, String uri) {
    try {
      URI parsed = NodeUris.parse(what, uri);
      return what.equals("connect") ? NodeUris.requireConnectable(what, parsed) : parsed;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
