package dev.conifer.node.doorway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.doorway.NamespaceReader.KeyInfo;
import dev.conifer.node.doorway.NamespaceReader.Listing;
import dev.conifer.sync.store.SyncDirectory.NamespaceInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The HTML forms of namespace pages, for people with a browser. Links are absolute paths. */
final class NamespaceHtml {
  private NamespaceHtml() {}

  static Page listing(Listing listing, String prefix) {
    NamespaceInfo ns = listing.namespace();
    String hex = ns.namespace().toHex();
    HtmlWriter html = new HtmlWriter(ns.name());
    html.element("h1", ns.name());
    html.element(
        "p",
        "namespace " + hex + (prefix.isEmpty() ? "" : ", keys starting with " + prefix),
        "class",
        "muted");
    if (listing.keys().isEmpty()) {
      html.element("p", "No keys.");
    } else {
      html.start("table").start("tr");
      html.element("th", "key")
          .element("th", "kind")
          .element("th", "bytes")
          .element("th", "updated");
      html.end();
      for (KeyInfo k : listing.keys()) {
        html.start("tr").start("td");
        html.element("a", k.key(), "href", NamespacePath.href(hex, k.key()));
        html.end();
        html.element("td", k.document() ? "document" : "value");
        html.element("td", Long.toString(k.length()));
        html.element("td", updated(k.updatedUs()));
        html.end();
      }
      html.end();
    }
    if (listing.truncated()) {
      html.element(
          "p", "More keys than this page shows: narrow it with ?prefix=", "class", "muted");
    }
    return Page.html(html.finish());
  }

  static Page document(NamespaceInfo ns, String key, JsonNode doc) {
    HtmlWriter html = start(ns, key);
    DocumentHtml.write(html, doc, key);
    return footer(html, ns, key);
  }

  static Page text(NamespaceInfo ns, String key, String text) {
    HtmlWriter html = start(ns, key);
    html.element("h1", key);
    html.element("pre", text, "class", "text");
    return footer(html, ns, key);
  }

  /** A value that is no text: shown if it is an image, else offered as a download. */
  static Page binary(NamespaceInfo ns, String key, String type, long length) {
    HtmlWriter html = start(ns, key);
    html.element("h1", key);
    String raw = NamespacePath.href(ns.namespace().toHex(), key) + "?raw";
    if (type.startsWith("image/")) {
      html.empty("img", "src", raw, "alt", key);
    }
    html.start("p")
        .element("a", "the value (" + length + " bytes, " + type + ")", "href", raw)
        .end();
    return footer(html, ns, key);
  }

  private static HtmlWriter start(NamespaceInfo ns, String key) {
    HtmlWriter html = new HtmlWriter(key + " - " + ns.name());
    html.start("p", "class", "muted");
    html.element("a", ns.name(), "href", NamespacePath.PREFIX + ns.namespace().toHex() + "/");
    html.text(" / " + key);
    html.end();
    return html;
  }

  private static Page footer(HtmlWriter html, NamespaceInfo ns, String key) {
    html.start("p", "class", "muted");
    html.element(
        "a", "the raw value", "href", NamespacePath.href(ns.namespace().toHex(), key) + "?raw");
    html.end();
    return Page.html(html.finish());
  }

  private static String updated(long epochUs) {
    return Instant.ofEpochMilli(epochUs / 1000).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
