package dev.conifer.transport.multicast;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * One interface discovery runs on, with its source addresses as Go picks them (PROTOCOL.md §11):
 * IPv4, the first "global unicast" address (private ranges count); IPv6, the first link-local
 * address. A family without such an address is off on that interface.
 */
record LanInterface(
    NetworkInterface nic, Inet4Address ipv4, short ipv4PrefixLength, Inet6Address ipv6) {

  String name() {
    return nic.getName();
  }

  /** The qualifying interfaces the filter allows, each with at least one usable family. */
  static List<LanInterface> scan(InterfaceFilter filter) throws SocketException {
    List<LanInterface> result = new ArrayList<>();
    var nics = NetworkInterface.getNetworkInterfaces();
    while (nics != null && nics.hasMoreElements()) {
      NetworkInterface nic = nics.nextElement();
      try {
        if (!filter.qualifies(
            nic.getName(),
            nic.isUp(),
            nic.supportsMulticast(),
            nic.isLoopback(),
            nic.isPointToPoint())) {
          continue;
        }
      } catch (SocketException e) {
        continue; // vanished while we looked
      }
      Inet4Address v4 = null;
      short prefix = 0;
      Inet6Address v6 = null;
      for (InterfaceAddress address : nic.getInterfaceAddresses()) {
        InetAddress ip = address.getAddress();
        if (v4 == null && ip instanceof Inet4Address && isGlobalUnicast(ip)) {
          v4 = (Inet4Address) ip;
          prefix = address.getNetworkPrefixLength();
        } else if (v6 == null && ip instanceof Inet6Address && ip.isLinkLocalAddress()) {
          v6 = (Inet6Address) ip;
        }
      }
      if (v4 != null || v6 != null) {
        result.add(new LanInterface(nic, v4, prefix, v6));
      }
    }
    return result;
  }

  /** Go's net.IP.IsGlobalUnicast for IPv4. */
  static boolean isGlobalUnicast(InetAddress ip) {
    return !ip.isAnyLocalAddress()
        && !ip.isLoopbackAddress()
        && !ip.isLinkLocalAddress()
        && !ip.isMulticastAddress()
        && !ip.equals(broadcast());
  }

  private static InetAddress broadcast() {
    try {
      return InetAddress.getByAddress(new byte[] {-1, -1, -1, -1});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** True if {@code source} is on this interface's IPv4 subnet. */
  boolean onIpv4Subnet(InetAddress source) {
    if (ipv4 == null || !(source instanceof Inet4Address)) {
      return false;
    }
    int mask = ipv4PrefixLength == 0 ? 0 : -1 << (32 - ipv4PrefixLength);
    return (toInt(ipv4) & mask) == (toInt(source) & mask);
  }

  private static int toInt(InetAddress ip) {
    byte[] b = ip.getAddress();
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }
}
