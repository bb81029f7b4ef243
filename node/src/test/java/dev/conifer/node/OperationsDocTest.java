package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.admin.StatusJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana-conifer.json is JSON, and queries only metrics docs/OPERATIONS.md lists. */
class OperationsDocTest {
  private static final Pattern METRIC = Pattern.compile("\\b((?:conifer|process)_[a-z0-9_]+)");

  @Test
  void docShowsThePackagedUnitAndConfigVerbatim() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "OPERATIONS.md"));

    assertThat(doc).contains(Files.readString(Path.of("..", "packaging", "conifer.service")));
  }

  @Test
  void dashboardQueriesOnlyDocumentedMetrics() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "OPERATIONS.md"));
    JsonNode dashboard =
        StatusJson.MAPPER.readTree(Files.readString(Path.of("..", "docs", "grafana-conifer.json")));

    assertThat(dashboard.get("panels")).isNotEmpty();
    int queried = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher metric = METRIC.matcher(target.get("expr").asText());
        while (metric.find()) {
          queried++;
          assertThat(doc).as(panel.get("title").asText()).contains("`" + metric.group(1));
        }
      }
    }
    assertThat(queried).isGreaterThan(10);
  }
}
