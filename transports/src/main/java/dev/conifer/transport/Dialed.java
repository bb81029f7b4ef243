package dev.conifer.transport;

import dev.conifer.router.PeerHandle;
import io.netty.channel.Channel;

/** An outbound connection that completed its handshake and is attached to the router. */
record Dialed(Channel channel, PeerHandle handle) {}
