package dev.conifer.node.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The family's five learning paths: each a document (title, steps, notes) and a cover picture,
 * drawn here and written as PNG by {@link ImageIO}, so the demo ships no binary files. Each cover
 * has its own background colour, which the browser step looks for in its screenshot.
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

  static final List<LearningPath> ALL =
      List.of(
          new LearningPath(
              "soil",
              "Living soil",
              List.of("Dig a test pit", "Count the worms", "Feel the texture", "Mulch the bed"),
              "Start in early spring.",
              new Color(0x8B, 0x5A, 0x2B),
              new Color(0xF2, 0xD0, 0x8A)),
          new LearningPath(
              "seeds",
              "Saving seeds",
              List.of("Pick the best plants", "Dry the pods", "Thresh and winnow", "Label jars"),
              "Beans and tomatoes are easiest.",
              new Color(0x3C, 0x8D, 0x2F),
              new Color(0xFF, 0xF1, 0x76)),
          new LearningPath(
              "compost",
              "Hot compost",
              List.of("Layer greens and browns", "Keep it moist", "Turn every week"),
              "Aim for 60 degrees in the middle.",
              new Color(0x5D, 0x40, 0x37),
              new Color(0xA5, 0xD6, 0xA7)),
          new LearningPath(
              "water",
              "Catching rain",
              List.of("Measure the roof", "Fit a gutter diverter", "Screen the barrel"),
              "One millimetre of rain on one square metre is one litre.",
              new Color(0x1E, 0x63, 0xB4),
              new Color(0xB3, 0xE5, 0xFC)),
          new LearningPath(
              "harvest",
              "Harvest and store",
              List.of("Pick in the cool morning", "Cure squash in the sun", "Store in the dark"),
              "Onions keep best braided.",
              new Color(0xE6, 0x7E, 0x22),
              new Color(0x6D, 0x4C, 0x41)));

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
