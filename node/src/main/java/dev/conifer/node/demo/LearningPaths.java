package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The family's five learning paths (listed in {@code learning-paths.json} beside this class): each
 * a document (title, steps, notes) and a cover picture, drawn here and written as PNG by {@link
 * ImageIO}, so the demo ships no binary files. Each cover has its own background colour, which the
 * browser step looks for in its screenshot.
 */
final class LearningPaths {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One learning path: its key suffix, its document's fields and its cover's colours. */
  record LearningPath(
      String slug, String title, List<String> steps, String notes, Color background, Color shape) {
    String key() {
      return "paths/" + slug;
    }

    String coverName() {
      return slug + "-cover.png";
    }

    /** The document as first written: title, steps, notes, and where its cover is. */
    String json(String coverRef) {
      ObjectNode cover;
      try {
        cover = (ObjectNode) JSON.readTree(coverRef);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("not a JSON object: " + coverRef, e);
      }
      ObjectNode doc = JSON.createObjectNode();
      doc.put("title", title);
      doc.putArray("steps").addAll(steps.stream().map(JSON.getNodeFactory()::textNode).toList());
      doc.put("notes", notes);
      doc.set("image", cover);
      return doc.toString();
    }
  }

  /** The paths, in the order the story writes them (the browser step looks for the fourth). */
  static final List<LearningPath> ALL = load("learning-paths.json");

  /** Reads the paths from a resource beside this class: the demo's text is data, not code. */
  private static List<LearningPath> load(String resource) {
    try (InputStream in = LearningPaths.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " beside LearningPaths");
      }
      List<LearningPath> paths = new ArrayList<>();
      for (JsonNode p : JSON.readTree(in)) {
        List<String> steps = new ArrayList<>();
        p.path("steps").forEach(step -> steps.add(step.asText()));
        paths.add(
            new LearningPath(
                p.path("slug").asText(),
                p.path("title").asText(),
                List.copyOf(steps),
                p.path("notes").asText(),
                Color.decode(p.path("background").asText()),
                Color.decode(p.path("shape").asText())));
      }
      return List.copyOf(paths);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  private LearningPaths() {}

  /** Draws {@code path}'s cover (96 by 64 pixels) into {@code dir}; returns the file. */
  static Path writeCover(Path dir, LearningPath path) {
    return writePicture(dir.resolve(path.coverName()), path.background(), path.shape(), 3);
  }

  /** A second picture, added to a path while its laptop is offline. */
  static Path writeDiagram(Path dir, String name, Color background, Color shape) {
    return writePicture(dir.resolve(name), background, shape, 5);
  }

  private static Path writePicture(Path file, Color background, Color shape, int shapes) {
    BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(background);
      g.fillRect(0, 0, 96, 64);
      g.setColor(shape);
      for (int i = 0; i < shapes; i++) {
        g.fillOval(8 + i * (80 / shapes), 20 + (i % 2) * 12, 14, 14);
      }
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new DemoFailure("no PNG writer in this JVM; cannot draw " + file.getFileName());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
