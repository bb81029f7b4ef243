package dev.conifer.transport.quic;

/** Every {@link QuicRouterLoopbackTest} case with routers hosted on their links' event loop. */
class HostedQuicRouterLoopbackTest extends QuicRouterLoopbackTest {
  @Override
  boolean hosted() {
    return true;
  }
}
