package dev.conifer.node.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conifer.node.ConiferNode;
import dev.conifer.node.control.ControlException;
import dev.conifer.node.control.ControlHandler;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.sync.NamespaceCommands;
import dev.conifer.sync.NamespaceSharing;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.entry.TimeBound;
import dev.conifer.sync.store.SyncDirectory;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control API's sync endpoints ({@code sync/...}), so that every {@code conifer sync} command
 * works through the running node and never opens its database beside it. Each answers {@code
 * {"text": what the CLI prints}} plus fields for programs. Writes are pushed to partners at once.
 */
public final class SyncEndpoints {
  private final ConiferNode node;
  private final ControlRoutes routes;
  private static final long PEER_ADD_TIMEOUT_S = 30;
  private final SecureRandom random = new SecureRandom();

  private SyncEndpoints(ConiferNode node, ControlRoutes routes) {
    this.node = node;
    this.routes = routes;
  }

  public static void register(ControlRoutes routes, ConiferNode node) {
    SyncEndpoints e = new SyncEndpoints(node, routes);
    routes
        .register("sync/ns/create", e.on(e::nsCreate))
        .register("sync/ns/ls", e.on(r -> e.nsLs()))
        .register("sync/ns/share", e.on(e::nsShare))
        .register("sync/ns/join", e.on(e::nsJoin))
        .register("sync/ns/interest", e.on(e::nsInterest))
        .register("sync/ns/publish", e.on(e::nsPublish))
        .register("sync/ns/revoke", e.on(e::nsRevoke))
        .register("sync/put", e.on(e::put))
        .register("sync/get", e.on(e::get))
        .register("sync/rm", e.on(e::rm))
        .register("sync/ls", e.on(r -> text(SyncCommands.ls(e.sync(), str(r, "ns"), opt(r)))))
        .register("sync/why", e.on(e::why))
        .register("sync/partners/add", e.on(e::partnersAdd))
        .register("sync/status", e.on(r -> text(SyncCommands.status(e.sync()))));
  }

  /** States the caller can act on (no write grant, unknown key) answer 409, not 500. */
  private ControlHandler on(ControlHandler handler) {
    return request -> {
      try {
        return handler.handle(request);
      } catch (IllegalStateException e) {
        throw new ControlException(ControlException.CONFLICT, e.getMessage(), e);
      }
    };
  }

  private SyncServices services() {
    SyncServices sync = node.sync();
    if (sync == null) {
      throw new ControlException(
          ControlException.CONFLICT, "this node does not sync: run it with --data and sessions on");
    }
    return sync;
  }

  private SyncNode sync() {
    return services().node();
  }

  private JsonNode nsCreate(JsonNode r) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    String out = SyncCommands.nsCreate(sync(), str(r, "name"), seed, r.path("lazy").asBoolean());
    ObjectNode json = text(out);
    json.put("namespace", SyncCommands.namespace(sync(), str(r, "name")).toHex());
    return json;
  }

  private JsonNode nsLs() {
    ObjectNode json = text(NamespaceCommands.ls(sync()));
    ArrayNode list = json.putArray("namespaces");
    for (SyncDirectory.NamespaceInfo ns : sync().directory().namespaces()) {
      ObjectNode o = list.addObject();
      o.put("name", ns.name());
      o.put("namespace", ns.namespace().toHex());
      o.put("role", NamespaceCommands.role(sync(), ns));
      o.put("policy", ns.policy().name());
      NamespaceCommands.interestOf(sync(), ns.namespace()).forEach(o.putArray("interest")::add);
      TimeBound[] range = sync().directory().timeRange(ns.namespace());
      o.put("interestSince", range[0] == null ? null : range[0].describe());
      o.put("interestUntil", range[1] == null ? null : range[1].describe());
      o.put("revoked", sync().revocations(ns.namespace()).size());
      o.put("published", sync().isPublished(ns.namespace()));
    }
    return json;
  }

  private JsonNode nsShare(JsonNode r) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    String ticket =
        NamespaceCommands.share(
            sync(),
            str(r, "ns"),
            r.path("write").asBoolean(),
            r.path("expiresSeconds").asLong(0),
            System.currentTimeMillis() / 1000,
            seed,
            hints());
    ObjectNode json = text(ticket);
    json.put("ticket", ticket);
    return json;
  }

  /** The URIs others can dial: what the node listens on, without wildcard addresses. */
  private List<URI> hints() {
    List<URI> out = new ArrayList<>();
    for (URI uri : node.listening()) {
      try {
        if (uri.getHost() != null && !InetAddress.getByName(uri.getHost()).isAnyLocalAddress()) {
          out.add(uri);
        }
      } catch (java.net.UnknownHostException e) {
        // not an address we can judge: a name someone else may resolve
        out.add(uri);
      }
    }
    return out;
  }

  private JsonNode nsJoin(JsonNode r) throws Exception {
    NamespaceSharing.Joined joined =
        NamespaceCommands.join(
            sync(),
            str(r, "ticket"),
            r.path("name").asText(""),
            r.path("lazy").asBoolean(),
            System.currentTimeMillis() / 1000);
    String connect = connectTo(joined);
    services().partnerAdded(joined.sharer());
    ObjectNode json = text(NamespaceCommands.joinedText(joined) + connect);
    json.put("namespace", joined.namespace().namespace().toHex());
    json.put("sharer", joined.sharer().toHex());
    return json;
  }

  /** Adds the first hint that works as a static peer, unless the sharer is a direct peer. */
  private String connectTo(NamespaceSharing.Joined joined) throws Exception {
    if (node.directPeers().contains(joined.sharer()) || joined.hints().isEmpty()) {
      return "";
    }
    StringBuilder failures = new StringBuilder();
    for (URI hint : joined.hints()) {
      ObjectNode request = ControlRoutes.JSON.createObjectNode().put("uri", hint.toString());
      ControlRoutes.Reply reply =
          routes
              .dispatch("peers/add", ControlRoutes.JSON.writeValueAsBytes(request))
              .get(PEER_ADD_TIMEOUT_S, TimeUnit.SECONDS);
      if (reply.status() == 200 || reply.status() == ControlException.CONFLICT) {
        return "; connecting to " + hint;
      }
      failures.append("; ").append(reply.body().path("error").asText());
    }
    return "; could not add any of its addresses as a peer" + failures;
  }

  private JsonNode nsInterest(JsonNode r) {
    List<String> prefixes = new ArrayList<>();
    r.path("prefixes").forEach(p -> prefixes.add(p.asText()));
    String out =
        NamespaceCommands.interest(
            sync(), str(r, "ns"), prefixes, bound(r, "since"), bound(r, "until"));
    services().localWrite(); // sync with the new interest now
    return text(out);
  }

  /** An interest's time bound, in {@link TimeBound#encode()}'s form, or null when absent. */
  private static TimeBound bound(JsonNode r, String field) {
    if (!r.hasNonNull(field)) {
      return null;
    }
    try {
      return TimeBound.decode(str(r, field));
    } catch (IllegalStateException | NumberFormatException e) {
      throw new ControlException(
          ControlException.BAD_REQUEST,
          "\"" + field + "\" must be at:MICROS or ago:MICROS, not " + r.get(field));
    }
  }

  private JsonNode nsRevoke(JsonNode r) {
    String out =
        NamespaceCommands.revoke(
            sync(),
            str(r, "ns"),
            r.path("target").asText(null),
            r.hasNonNull("ticket") ? str(r, "ticket") : null);
    services().localWrite(); // the revocation travels like any write
    return text(out);
  }

  private JsonNode nsPublish(JsonNode r) {
    return text(
        NamespaceCommands.publish(sync(), str(r, "ns"), r.path("published").asBoolean(true)));
  }

  private JsonNode put(JsonNode r) {
    byte[] value = Base64.getDecoder().decode(str(r, "value"));
    String out =
        SyncCommands.put(sync(), str(r, "ns"), str(r, "key"), value, r.path("merge").asBoolean());
    services().localWrite();
    return text(out);
  }

  private JsonNode get(JsonNode r) {
    byte[] value =
        SyncCommands.get(sync(), str(r, "ns"), str(r, "key"), List.of(), r.path("raw").asBoolean());
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("value", Base64.getEncoder().encodeToString(value));
    return json;
  }

  private JsonNode rm(JsonNode r) {
    String out =
        r.hasNonNull("prefix")
            ? SyncCommands.rmPrefix(sync(), str(r, "ns"), str(r, "prefix"))
            : SyncCommands.rm(sync(), str(r, "ns"), str(r, "key"));
    services().localWrite();
    return text(out);
  }

  private JsonNode why(JsonNode r) {
    SyncNode sync = sync();
    return text(SyncCommands.why(sync, SyncCommands.namespace(sync, str(r, "ns")), str(r, "key")));
  }

  private JsonNode partnersAdd(JsonNode r) {
    String out = SyncCommands.partnersAdd(sync(), str(r, "key"), r.path("label").asText(null));
    services().partnerAdded(dev.conifer.snek.wire.PublicKey.fromHex(str(r, "key")));
    return text(out);
  }

  private static String opt(JsonNode r) {
    return r.path("prefix").asText("");
  }

  static String str(JsonNode request, String field) {
    JsonNode v = request.get(field);
    if (v == null || !v.isTextual()) {
      throw new ControlException(ControlException.BAD_REQUEST, "give \"" + field + "\" as text");
    }
    return v.asText();
  }

  static ObjectNode text(String text) {
    ObjectNode json = ControlRoutes.JSON.createObjectNode();
    json.put("text", text);
    return json;
  }
}
