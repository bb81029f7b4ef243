package dev.conifer.node.doorway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.doorway.DoorwayMeters.Refusal;
import dev.conifer.node.doorway.NamespaceReader.KeyInfo;
import dev.conifer.node.doorway.NamespaceReader.Listing;
import dev.conifer.sync.store.SyncDirectory.NamespaceInfo;
import dev.conifer.transfer.store.ContentTypes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only pages of published namespaces, on a worker thread: {@code /ns/NSID/} lists the keys and
 * {@code /ns/NSID/KEY} shows a value, as JSON or, for a client that ranks text/html first (a
 * browser), as an HTML page. {@code ?raw} asks for the value itself whatever the Accept header.
 * Anything that is not a published namespace's page gets the same 404 (docs/DOORWAY.md).
 */
final class NamespacePages {
  static final String NO_PAGE = "no such page";
  static final int KEYS_DEFAULT = 200;

  private static final Logger LOG = LoggerFactory.getLogger(NamespacePages.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NamespaceReader reader;
  private final DoorwayConfig config;
  private final DoorwayMeters meters;

  NamespacePages(NamespaceReader reader, DoorwayConfig config, DoorwayMeters meters) {
    this.reader = reader;
    this.config = config;
    this.meters = meters;
  }

  void respond(ChannelHandlerContext ctx, DoorwayRequest r, String path, BlobResponder.Done done) {
    boolean keepAlive = r.keepAlive();
    try {
      keepAlive = page(r, path).send(ctx, r, meters);
    } catch (RuntimeException e) {
      // A bug or a broken store, not the client's doing: say so in the log, end the connection.
      LOG.warn("doorway page {} failed: {}", path, e.toString(), e);
      meters.response(500);
      keepAlive = false;
      ctx.close();
    } finally {
      done.finished(keepAlive && ctx.channel().isActive());
    }
  }

  private Page page(DoorwayRequest r, String path) {
    Optional<NamespacePath> parsed = NamespacePath.parse(path);
    Optional<NamespaceInfo> ns = parsed.flatMap(p -> reader.find(p.namespaceHex()));
    if (ns.isEmpty()) {
      return Page.text(404, NO_PAGE);
    }
    QueryStringDecoder query = new QueryStringDecoder(r.uri());
    boolean html = AcceptHeader.prefersHtml(r.accept());
    if (parsed.get().listing()) {
      return listing(ns.get(), query, html);
    }
    boolean raw = query.parameters().containsKey("raw");
    return value(ns.get(), parsed.get().key(), html && !raw);
  }

  private Page listing(NamespaceInfo ns, QueryStringDecoder query, boolean html) {
    String prefix = parameter(query, "prefix", "");
    int max = config.keysMax();
    int limit = Math.min(max, Math.max(1, parseInt(parameter(query, "limit", ""), KEYS_DEFAULT)));
    Listing listing = reader.list(ns, prefix, limit);
    return html ? NamespaceHtml.listing(listing, prefix) : Page.json(listingJson(listing));
  }

  private Page value(NamespaceInfo ns, String key, boolean html) {
    NamespaceReader.Value value = reader.value(ns, key, config.valueLengthMax());
    if (value instanceof NamespaceReader.Absent) {
      return Page.text(404, NO_PAGE);
    }
    if (value instanceof NamespaceReader.TooLarge t) {
      meters.refused(Refusal.TOO_LARGE);
      return Page.text(
          403,
          key
              + " is "
              + t.length()
              + " bytes; this doorway shows at most "
              + config.valueLengthMax());
    }
    if (value instanceof NamespaceReader.Unavailable u) {
      return Page.text(502, "cannot show " + key + ": " + u.reason());
    }
    if (value instanceof NamespaceReader.Document d) {
      JsonNode doc = parse(d.json());
      return html
          ? NamespaceHtml.document(ns, key, doc)
          : Page.of(200, "application/json", d.json().getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = ((NamespaceReader.Bytes) value).bytes();
    String text = utf8(bytes);
    JsonNode json = text == null ? null : tryParse(text);
    if (!html) {
      String type =
          json != null
              ? "application/json"
              : text != null ? "text/plain; charset=utf-8" : ContentTypes.detect(bytes, null);
      return Page.of(200, type, bytes).contained();
    }
    if (json != null) {
      return NamespaceHtml.document(ns, key, json);
    }
    if (text != null) {
      return NamespaceHtml.text(ns, key, text);
    }
    return NamespaceHtml.binary(ns, key, ContentTypes.detect(bytes, null), bytes.length);
  }

  static ObjectNode listingJson(Listing listing) {
    ObjectNode root = JSON.createObjectNode();
    root.put("namespace", listing.namespace().namespace().toHex());
    root.put("name", listing.namespace().name());
    ArrayNode keys = root.putArray("keys");
    for (KeyInfo k : listing.keys()) {
      keys.addObject()
          .put("key", k.key())
          .put("kind", k.document() ? "document" : "value")
          .put("length", k.length())
          .put("updated", Instant.ofEpochMilli(k.updatedUs() / 1000).toString())
          .put("author", k.author().toHex());
    }
    root.put("truncated", listing.truncated());
    return root;
  }

  private static String parameter(QueryStringDecoder query, String name, String otherwise) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? otherwise : values.get(0);
  }

  private static int parseInt(String text, int otherwise) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return otherwise; // an unreadable page size gets the default page
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("sync's document JSON does not parse: " + e.getMessage(), e);
    }
  }

  /** A JSON object or array in {@code text}, else null (a plain text value). */
  private static JsonNode tryParse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isContainerNode() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@code bytes} as text if they are valid UTF-8, else null. */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
