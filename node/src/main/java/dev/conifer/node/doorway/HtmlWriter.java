package dev.conifer.node.doorway;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small page written through the JDK's StAX writer, which escapes every text and attribute value
 * (so a key or a document field can never become markup). The output is HTML5 in its XML-compatible
 * form: {@code <!DOCTYPE html>}, void elements as {@code <img .../>}.
 */
final class HtmlWriter {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  /** No script, no plugin, nothing from elsewhere: styles inline, media from this doorway. */
  static final String POLICY =
      "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors *";

  private static final String STYLE =
      "body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}"
          + "dt{font-weight:bold;margin-top:.6em}dd{margin-left:1.2em}"
          + ".text{white-space:pre-wrap}img,video{max-width:100%}"
          + "table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left}"
          + ".muted{color:#666;font-size:.9em}";

  private final StringWriter out = new StringWriter();
  private final XMLStreamWriter xml;

  /** Starts a page with {@code title} in its head; the body is open. */
  HtmlWriter(String title) {
    try {
      xml = FACTORY.createXMLStreamWriter(out);
      xml.writeDTD("<!DOCTYPE html>");
      start("html", "lang", "en");
      start("head");
      empty("meta", "charset", "utf-8");
      empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
      element("title", title);
      element("style", STYLE);
      end();
      start("body");
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
  }

  /** Opens {@code tag} with attribute name/value pairs. */
  HtmlWriter start(String tag, String... attributes) {
    try {
      xml.writeStartElement(tag);
      attributes(attributes);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
    return this;
  }

  /** A void element such as img or meta. */
  HtmlWriter empty(String tag, String... attributes) {
    try {
      xml.writeEmptyElement(tag);
      attributes(attributes);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
    return this;
  }

  /** {@code <tag attributes>text</tag>}. */
  HtmlWriter element(String tag, String text, String... attributes) {
    return start(tag, attributes).text(text).end();
  }

  HtmlWriter text(String text) {
    try {
      xml.writeCharacters(text);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
    return this;
  }

  HtmlWriter end() {
    try {
      xml.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
    return this;
  }

  private void attributes(String... pairs) throws XMLStreamException {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      xml.writeAttribute(pairs[i], pairs[i + 1]);
    }
  }

  /** Closes the body and the page and returns it. */
  String finish() {
    try {
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write HTML", e);
    }
    return out.toString();
  }
}
