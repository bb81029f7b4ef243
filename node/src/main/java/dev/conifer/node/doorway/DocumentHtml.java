package dev.conifer.node.doorway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.transfer.hash.BlobHash;
import java.util.Iterator;
import java.util.Map;
import org.apache.tika.mime.MediaType;

/**
 * A JSON document (a merged sync document, or a JSON value) as a readable page: objects as
 * definition lists, arrays as numbered lists, text as text. References to blobs become media or
 * links to {@code /blobs/HASH}: an object {@code {"blob": "HASH", "type": "image/png", "name":
 * "bird.png", "alt": "..."}} ({@code type}, {@code name} and {@code alt} optional) shows as an
 * {@code <img>}, {@code <video>} or {@code <audio>} by its type, else as a link; a string {@code
 * "blob:HASH"} is a link. Bounded: at most {@link #NODES_MAX} values and {@link #DEPTH_MAX} levels,
 * the rest is summarised.
 */
final class DocumentHtml {
  static final int NODES_MAX = 10_000;
  static final int DEPTH_MAX = 32;
  static final String BLOB_PREFIX = "blob:";

  /** A reference to a blob found in a document. */
  record BlobRef(BlobHash hash, String type, String name, String alt) {
    String href() {
      return BlobPath.PREFIX + hash.hex() + (name == null ? "" : "/" + UrlPaths.encodePath(name));
    }
  }

  private final HtmlWriter html;
  private int nodes;

  private DocumentHtml(HtmlWriter html) {
    this.html = html;
  }

  /**
   * Writes {@code doc} into {@code html}: its {@code title} field (if text) as the heading, else
   * {@code fallbackTitle}, then every other field.
   */
  static void write(HtmlWriter html, JsonNode doc, String fallbackTitle) {
    DocumentHtml d = new DocumentHtml(html);
    JsonNode title = doc.path("title");
    html.element("h1", title.isTextual() ? title.asText() : fallbackTitle);
    if (doc.isObject() && blobRef(doc) == null) {
      d.fields(doc, 1, title.isTextual());
    } else {
      d.value(doc, 1);
    }
  }

  private void fields(JsonNode object, int depth, boolean skipTitle) {
    html.start("dl");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (skipTitle && field.getKey().equals("title")) {
        continue;
      }
      if (!budget()) {
        break;
      }
      html.element("dt", field.getKey());
      html.start("dd");
      value(field.getValue(), depth + 1);
      html.end();
    }
    html.end();
  }

  private void value(JsonNode node, int depth) {
    if (depth > DEPTH_MAX) {
      html.element(
          "span", "(nested deeper than " + DEPTH_MAX + " levels; see the JSON)", "class", "muted");
      return;
    }
    BlobRef ref = blobRef(node);
    if (ref != null) {
      blob(ref);
    } else if (node.isObject()) {
      fields(node, depth, false);
    } else if (node.isArray()) {
      html.start("ol");
      for (JsonNode element : node) {
        if (!budget()) {
          break;
        }
        html.start("li");
        value(element, depth + 1);
        html.end();
      }
      html.end();
    } else if (node.isNull()) {
      html.element("span", "(none)", "class", "muted");
    } else {
      html.element("span", node.asText(), "class", "text");
    }
  }

  /** Counts one more value; past the limit says so once and stops. */
  private boolean budget() {
    nodes++;
    if (nodes == NODES_MAX + 1) {
      html.element("p", "(more than " + NODES_MAX + " values; see the JSON)", "class", "muted");
    }
    return nodes <= NODES_MAX;
  }

  private void blob(BlobRef ref) {
    String href = ref.href();
    String top = ref.type() == null ? "" : MediaType.parse(ref.type()).getType();
    String label = ref.name() != null ? ref.name() : ref.hash().hex();
    switch (top) {
      case "image" -> {
        html.start("figure");
        html.empty("img", "src", href, "alt", ref.alt() != null ? ref.alt() : label);
        html.start("figcaption").start("a", "href", href).text(label).end().end();
        html.end();
      }
      case "video" -> html.start("video", "src", href, "controls", "controls").end();
      case "audio" -> html.start("audio", "src", href, "controls", "controls").end();
      default -> html.element("a", label, "href", href);
    }
  }

  /** The blob a JSON value refers to, or null if it is no reference. */
  static BlobRef blobRef(JsonNode node) {
    if (node.isTextual() && node.asText().startsWith(BLOB_PREFIX)) {
      BlobHash hash = hash(node.asText().substring(BLOB_PREFIX.length()));
      return hash == null ? null : new BlobRef(hash, null, null, null);
    }
    if (!node.isObject() || !node.path("blob").isTextual()) {
      return null;
    }
    BlobHash hash = hash(node.path("blob").asText());
    if (hash == null) {
      return null;
    }
    String type = node.path("type").isTextual() ? node.path("type").asText() : null;
    if (type != null && MediaType.parse(type) == null) {
      type = null;
    }
    return new BlobRef(hash, type, safeName(node.path("name")), text(node.path("alt")));
  }

  private static BlobHash hash(String hex) {
    try {
      return BlobHash.parse(hex);
    } catch (IllegalArgumentException e) {
      return null; // not a reference: shown as the text it is
    }
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /** A name the blob URL accepts (BlobPath's rules), else none. */
  private static String safeName(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return BlobPath.parse(BlobPath.PREFIX + "0".repeat(64) + "/" + node.asText()).name();
    } catch (BlobPath.Malformed e) {
      return null;
    }
  }
}
