package dev.conifer.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.control.ControlRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Static peers added at run time ({@code conifer peers add}), kept in {@code peers.json} in the
 * data directory so they survive a restart. Peers from {@code --connect} or the config file are not
 * written here: the operator's own files stay the source of those.
 */
public final class StaticPeers {
  public static final String FILE_NAME = "peers.json";

  private final Path file;
  private final Set<URI> added = new LinkedHashSet<>();

  private StaticPeers(Path file) {
    this.file = file;
  }

  /** The peers saved in {@code dir}; a malformed file is a {@link UserException} naming it. */
  public static StaticPeers load(Path dir) {
    StaticPeers peers = new StaticPeers(dir.resolve(FILE_NAME));
    try {
      JsonNode json = ControlRoutes.JSON.readTree(Files.readAllBytes(peers.file));
      JsonNode list = json == null ? null : json.get("peers");
      if (list == null || !list.isArray()) {
        throw new UserException(peers.file + ": expected {\"peers\": [\"URI\", ...]}");
      }
      for (JsonNode uri : list) {
        peers.added.add(NodeUris.parse(peers.file.toString(), uri.asText()));
      }
    } catch (NoSuchFileException e) {
      // none added yet
    } catch (IOException e) {
      throw new UserException("cannot read " + peers.file + ": " + e.getMessage(), e);
    }
    return peers;
  }

  public synchronized List<URI> added() {
    return new ArrayList<>(added);
  }

  /** Adds {@code uri} and saves; false if it was already there. */
  public synchronized boolean add(URI uri) throws IOException {
    if (!added.add(uri)) {
      return false;
    }
    save();
    return true;
  }

  /** Removes {@code uri} and saves; false if it was not there. */
  public synchronized boolean remove(URI uri) throws IOException {
    if (!added.remove(uri)) {
      return false;
    }
    save();
    return true;
  }

  private void save() throws IOException {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    added.forEach(uri -> json.withArray("peers").add(uri.toString()));
    if (added.isEmpty()) {
      json.putArray("peers");
    }
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    Files.write(
        temporary, ControlRoutes.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
