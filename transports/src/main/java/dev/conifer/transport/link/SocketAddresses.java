package dev.conifer.transport.link;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Formats addresses the way peer URIs write them, without any name lookup. */
public final class SocketAddresses {
  private SocketAddresses() {}

  /** host:port, with brackets around IPv6 literals. */
  public static String format(SocketAddress address) {
    if (!(address instanceof InetSocketAddress)) {
      return String.valueOf(address);
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    String host = inet.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
  }
}
