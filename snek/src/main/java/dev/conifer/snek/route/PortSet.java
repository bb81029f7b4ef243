package dev.conifer.snek.route;

import java.util.Arrays;

/** A small ascending set of ports, mutable in place; usually holds one or two. */
final class PortSet {
  private int[] ports = new int[2];
  private int size;

  void add(int port) {
    int i = Arrays.binarySearch(ports, 0, size, port);
    if (i >= 0) {
      return;
    }
    int at = -i - 1;
    if (size == ports.length) {
      ports = Arrays.copyOf(ports, 2 * size);
    }
    System.arraycopy(ports, at, ports, at + 1, size - at);
    ports[at] = port;
    size++;
  }

  void remove(int port) {
    int i = Arrays.binarySearch(ports, 0, size, port);
    if (i >= 0) {
      System.arraycopy(ports, i + 1, ports, i, size - i - 1);
      size--;
    }
  }

  boolean contains(int port) {
    return Arrays.binarySearch(ports, 0, size, port) >= 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  int get(int index) {
    return ports[index];
  }

  int lowest() {
    return ports[0];
  }
}
