package dev.conifer.node;

import dev.conifer.router.Receiver;
import dev.conifer.router.Router;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;

/**
 * {@code --echo}: sends every payload back to its source key, unchanged. Runs on the router thread;
 * {@link Router#send} copies the payload and never blocks, so a full queue drops (and counts) the
 * echo instead of stalling routing.
 */
final class EchoReceiver implements Receiver {
  private final Router router;
  private final Counter echoed;
  private final Counter dropped;

  EchoReceiver(Router router, MeterRegistry registry) {
    this.router = router;
    this.echoed =
        Counter.builder("conifer.echo.payloads")
            .description("Payloads echoed back to their source")
            .register(registry);
    this.dropped =
        Counter.builder("conifer.echo.drops")
            .description("Echoes the router refused (queue full or payload too large)")
            .register(registry);
  }

  @Override
  public void onReceive(PublicKey source, ByteBuffer payload) {
    if (router.send(source, payload)) {
      echoed.increment();
    } else {
      dropped.increment();
    }
  }
}
