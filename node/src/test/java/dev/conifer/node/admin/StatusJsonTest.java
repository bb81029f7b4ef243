package dev.conifer.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.router.RouterStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
  static final String A = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  static final String B = "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394";
  static final String C = "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1";

  /** Node A, child of root C through port 1, with B as an inbound peer. */
  static RouterStatus fixedStatus() {
    return new RouterStatus(
        A,
        new RouterStatus.RootStatus(C, 1700000000000L),
        List.of(1L, 3L),
        C,
        1,
        List.of(
            new RouterStatus.PeerStatus(1, C, "tcp://10.0.0.3:65432", "REMOTE", "static"),
            new RouterStatus.PeerStatus(2, B, "", "REMOTE", "")),
        new RouterStatus.SnakeStatus(B, 4, List.of(new RouterStatus.PathStatus(B, 1, 0))));
  }

  @Test
  void hasExactlyTheDesignFieldsInOrder() {
    JsonNode json = StatusJson.toJson(fixedStatus());

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("publicKey", "root", "coords", "parent", "peers", "snake");
    assertThat(json.get("root").fieldNames()).toIterable().containsExactly("publicKey", "sequence");
    assertThat(json.get("peers").get(0).fieldNames())
        .toIterable()
        .containsExactly("port", "publicKey", "uri", "type", "zone");
    assertThat(json.get("snake").fieldNames()).toIterable().containsExactly("descending", "routes");
  }

  @Test
  void carriesTheValues() {
    JsonNode json = StatusJson.toJson(fixedStatus());

    assertThat(json.get("publicKey").asText()).isEqualTo(A);
    assertThat(json.get("root").get("publicKey").asText()).isEqualTo(C);
    assertThat(json.get("root").get("sequence").asLong()).isEqualTo(1700000000000L);
    assertThat(json.get("coords").toString()).isEqualTo("[1,3]");
    assertThat(json.get("parent").asText()).isEqualTo(C);
    assertThat(json.get("peers").get(0).toString())
        .isEqualTo(
            "{\"port\":1,\"publicKey\":\""
                + C
                + "\",\"uri\":\"tcp://10.0.0.3:65432\",\"type\":\"REMOTE\",\"zone\":\"static\"}");
    assertThat(json.get("snake").get("descending").asText()).isEqualTo(B);
    assertThat(json.get("snake").get("routes").asInt()).isEqualTo(4);
  }

  @Test
  void aRootWithoutPeersHasNullParentAndDescending() {
    RouterStatus alone =
        new RouterStatus(
            A,
            new RouterStatus.RootStatus(A, 1),
            List.of(),
            null,
            -1,
            List.of(),
            new RouterStatus.SnakeStatus(null, 0, List.of()));

    JsonNode json = StatusJson.toJson(alone);

    assertThat(json.get("parent").isNull()).isTrue();
    assertThat(json.get("snake").get("descending").isNull()).isTrue();
    assertThat(json.get("coords").isArray()).isTrue();
    assertThat(json.get("coords")).isEmpty();
  }
}
