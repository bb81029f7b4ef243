package dev.conifer.archfixture;

import dev.conifer.router.Router;
import dev.conifer.session.SessionConfig;
import dev.conifer.session.Sessions;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.TransportLoops;
import java.security.SecureRandom;
import java.time.Clock;

/** Wires modules together outside node; never run, only imported by ArchitectureRulesTest. */
public final class WiresModules {
  Sessions sessions(Router router, Signer signer, Clock clock, SecureRandom random) {
    return Sessions.start(router, signer, SessionConfig.defaults(), clock, random);
  }

  TransportLoops loops() {
    return TransportLoops.create(TransportConfig.defaults());
  }
}
