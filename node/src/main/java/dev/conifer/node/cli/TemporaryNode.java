package dev.conifer.node.cli;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.KeyFile;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.NodeUris;
import dev.conifer.node.UserException;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * A short-lived node with sessions for one CLI command ({@code nc}, {@code blobs get}): joins the
 * overlay through {@code --connect}, like {@code conifer ping}'s node, with a fresh key unless a
 * key file is given.
 */
public final class TemporaryNode {
  private TemporaryNode() {}

  /** Starts the node and waits for the handshake with {@code connect}; null connects nowhere. */
  public static ConiferNode start(String connect, Path keyFile) throws InterruptedException {
    URI peer =
        connect == null
            ? null
            : NodeUris.requireConnectable("--connect", NodeUris.parse("--connect", connect));
    SecureRandom random = new SecureRandom();
    Signer signer;
    if (keyFile != null) {
      signer = KeyFile.load(keyFile);
    } else {
      byte[] seed = new byte[Ed25519.SEED_LENGTH];
      random.nextBytes(seed);
      signer = Ed25519.signerFromSeed(seed);
    }
    NodeConfig config = new NodeConfig(null, List.of(), List.of(), null, false, null, true, null);
    ConiferNode node =
        ConiferNode.start(config, signer, random, new PrintWriter(Writer.nullWriter()));
    try {
      if (node.sessions() == null) {
        throw new UserException("QUIC sessions cannot start on this platform (see the log)");
      }
      if (peer != null) {
        PingCommand.connect(node, peer);
      }
      return node;
    } catch (RuntimeException | InterruptedException e) {
      node.close();
      throw e;
    }
  }
}
