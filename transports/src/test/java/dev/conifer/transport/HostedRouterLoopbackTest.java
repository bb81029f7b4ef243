package dev.conifer.transport;

/** Every {@link RouterLoopbackTest} case with routers hosted on their links' event loop. */
class HostedRouterLoopbackTest extends RouterLoopbackTest {
  @Override
  boolean hosted() {
    return true;
  }
}
