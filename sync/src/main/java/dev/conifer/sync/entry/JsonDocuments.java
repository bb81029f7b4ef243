package dev.conifer.sync.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.automerge.AmValue;
import org.automerge.Document;
import org.automerge.MapEntry;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;

/**
 * JSON in and out of Automerge documents: {@code sync put --merge '{"a":1}'} sets each field of the
 * object in the document's root (other fields stay, so concurrent edits of different fields both
 * survive), and {@code sync get} prints the merged document as JSON.
 */
public final class JsonDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEPTH_MAX = 64;

  private JsonDocuments() {}

  /** Parses {@code text} as a JSON object, or explains in one line why it is not one. */
  public static ObjectNode parseObject(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "--merge needs a JSON object: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "--merge needs a JSON object like {\"field\": 1}, not "
              + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
    }
    return (ObjectNode) node;
  }

  /** Sets every field of {@code fields} in {@code doc}'s root, in one Automerge change. */
  public static void apply(Document doc, ObjectNode fields) {
    try (Transaction tx = doc.startTransaction()) {
      writeFields(tx, ObjectId.ROOT, fields, 0);
      tx.commit();
    }
  }

  private static void writeFields(Transaction tx, ObjectId obj, ObjectNode fields, int depth) {
    Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      String k = f.getKey();
      if (v.isObject()) {
        writeFields(tx, tx.set(obj, k, ObjectType.MAP), (ObjectNode) v, checked(depth));
      } else if (v.isArray()) {
        writeItems(tx, tx.set(obj, k, ObjectType.LIST), (ArrayNode) v, checked(depth));
      } else if (v.isTextual()) {
        tx.set(obj, k, v.asText());
      } else if (v.isBoolean()) {
        tx.set(obj, k, v.asBoolean());
      } else if (v.isIntegralNumber() && v.canConvertToInt()) {
        tx.set(obj, k, v.asInt()); // NewValue.integer would store an f64 (overload on long)
      } else if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
        tx.setUint(obj, k, v.asLong());
      } else if (v.isNumber()) {
        tx.set(obj, k, v.asDouble());
      } else {
        tx.setNull(obj, k);
      }
    }
  }

  private static void writeItems(Transaction tx, ObjectId list, ArrayNode items, int depth) {
    long i = 0;
    for (JsonNode v : items) {
      if (v.isObject()) {
        writeFields(tx, tx.insert(list, i, ObjectType.MAP), (ObjectNode) v, checked(depth));
      } else if (v.isArray()) {
        writeItems(tx, tx.insert(list, i, ObjectType.LIST), (ArrayNode) v, checked(depth));
      } else if (v.isTextual()) {
        tx.insert(list, i, v.asText());
      } else if (v.isBoolean()) {
        tx.insert(list, i, v.asBoolean());
      } else if (v.isIntegralNumber() && v.canConvertToInt()) {
        tx.insert(list, i, v.asInt());
      } else if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
        tx.insertUint(list, i, v.asLong());
      } else if (v.isNumber()) {
        tx.insert(list, i, v.asDouble());
      } else {
        tx.insertNull(list, i);
      }
      i++;
    }
  }

  private static int checked(int depth) {
    if (depth >= DEPTH_MAX) {
      throw new IllegalArgumentException("--merge JSON nested deeper than " + DEPTH_MAX);
    }
    return depth + 1;
  }

  /** The document as JSON text. */
  public static String toJson(Document doc) {
    return readMap(doc, ObjectId.ROOT, 0).toString();
  }

  private static ObjectNode readMap(Document doc, ObjectId obj, int depth) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (MapEntry e : doc.mapEntries(obj).orElse(new MapEntry[0])) {
      out.set(e.getKey(), read(doc, e.getValue(), depth));
    }
    return out;
  }

  private static JsonNode read(Document doc, AmValue v, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (depth > DEPTH_MAX) {
      return f.nullNode();
    }
    if (v instanceof AmValue.Map m) {
      return readMap(doc, m.getId(), depth + 1);
    }
    if (v instanceof AmValue.List l) {
      ArrayNode out = f.arrayNode();
      for (AmValue item : doc.listItems(l.getId()).orElse(new AmValue[0])) {
        out.add(read(doc, item, depth + 1));
      }
      return out;
    }
    if (v instanceof AmValue.Text t) {
      Optional<String> text = doc.text(t.getId());
      return f.textNode(text.orElse(""));
    }
    if (v instanceof AmValue.Str s) {
      return f.textNode(s.getValue());
    }
    if (v instanceof AmValue.Int i) {
      return f.numberNode(i.getValue());
    }
    if (v instanceof AmValue.UInt u) {
      return f.numberNode(u.getValue());
    }
    if (v instanceof AmValue.F64 d) {
      return f.numberNode(d.getValue());
    }
    if (v instanceof AmValue.Bool b) {
      return f.booleanNode(b.getValue());
    }
    if (v instanceof AmValue.Counter c) {
      return f.numberNode(c.getValue());
    }
    if (v instanceof AmValue.Timestamp t) {
      return f.numberNode(t.getValue().getTime());
    }
    if (v instanceof AmValue.Bytes b) {
      return f.textNode(Base64.getEncoder().encodeToString(b.getValue()));
    }
    return f.nullNode();
  }
}
