package dev.conifer.node.cli;

import dev.conifer.node.KeyFile;
import dev.conifer.node.UserException;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conifer keygen}: writes a new key file (mode 0600) and prints its public key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description =
        "Write a new node key file (mode 0600) and print its public key. The file holds the"
            + " 32-byte Ed25519 seed in hex, as Go Pinecone's -secretkey.")
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Key file to create; never overwritten (default: ${DEFAULT-VALUE}).",
      defaultValue = KeyFile.DEFAULT_NAME)
  Path out;

  public KeygenCommand() {}

  @Override
  public Integer call() {
    byte[] seed;
    try {
      seed = KeyFile.create(out, new SecureRandom());
    } catch (FileAlreadyExistsException e) {
      throw new UserException(
          "key file " + out + " already exists; refusing to overwrite an identity");
    } catch (IOException e) {
      throw new UserException("cannot write key file " + out + ": " + e, e);
    }
    Signer signer = Ed25519.signerFromSeed(seed);
    spec.commandLine().getOut().println(NodeOutput.publicKeyLine(signer.publicKey()));
    spec.commandLine().getErr().println("wrote " + out + " (mode 0600)");
    return 0;
  }
}
