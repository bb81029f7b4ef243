package dev.conifer.simulator.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads topology files: Pinecone's format (every line is a path, consecutive names are linked;
 * PROTOCOL.md §13.1) and plain edge lists (two names per line, split on whitespace or a comma,
 * {@code #} comments and blank lines allowed).
 */
public final class TopologyLoader {
  /** How to read a topology file. */
  public enum Format {
    /** Pinecone for {@code .txt}, edge list otherwise. */
    AUTO,
    PINECONE,
    EDGES
  }

  private TopologyLoader() {}

  public static Topology load(Path file, Format format) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Format chosen = format;
    if (format == Format.AUTO) {
      chosen =
          file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")
              ? Format.PINECONE
              : Format.EDGES;
    }
    return chosen == Format.PINECONE
        ? parsePinecone(lines, file.toString())
        : parseEdges(lines, file.toString());
  }

  /**
   * Pinecone's format. Unlike Go we skip blank lines and collapse repeated spaces instead of
   * creating a node named "" (which Go does by accident).
   */
  public static Topology parsePinecone(List<String> lines, String source) {
    Topology topology = new Topology();
    for (String raw : lines) {
      String line = raw.trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] names = line.split("\\s+");
      topology.addNode(names[0]);
      for (int i = 1; i < names.length; i++) {
        topology.addEdge(names[i - 1], names[i]);
      }
    }
    return requireNodes(topology, source);
  }

  public static Topology parseEdges(List<String> lines, String source) {
    Topology topology = new Topology();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] names = line.split("[\\s,]+");
      if (names.length != 2) {
        throw new IllegalArgumentException(
            source
                + ":"
                + (i + 1)
                + ": an edge list line needs exactly two node names, got \""
                + line
                + "\"");
      }
      topology.addEdge(names[0], names[1]);
    }
    return requireNodes(topology, source);
  }

  private static Topology requireNodes(Topology topology, String source) {
    if (topology.nodeCount() == 0) {
      throw new IllegalArgumentException(source + ": the topology has no nodes");
    }
    return topology;
  }
}
