package dev.conifer.bench.chain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a child's RSS from /proc and a conifer node's peer and route counts from its admin API. */
final class ProcessStats {
  private static final Pattern ROUTES = Pattern.compile("\"routes\"\\s*:\\s*(\\d+)");
  private static final Pattern PEER_PORT = Pattern.compile("\"port\"\\s*:");
  private static final Pattern PUBLIC_KEY =
      Pattern.compile("\"publicKey\"\\s*:\\s*\"([0-9a-fA-F]{64})\"");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?)\\s+(\\S+)$");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ProcessStats() {}

  /** VmRSS in KiB, or -1 if unreadable. */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Peers and snake routes from {@code GET <admin>/status}, tried up to 5 times, or {-1, -1}. */
  static int[] peersAndRoutes(URI admin) {
    int[] result = {-1, -1};
    for (int attempt = 0; attempt < 5 && result[0] < 0; attempt++) {
      result = peersAndRoutesOnce(admin);
    }
    return result;
  }

  private static int[] peersAndRoutesOnce(URI admin) {
    String body = get(admin, "/status");
    if (body == null) {
      return new int[] {-1, -1};
    }
    Matcher routes = ROUTES.matcher(body);
    int peers = (int) PEER_PORT.matcher(body).results().count();
    return new int[] {peers, routes.find() ? Integer.parseInt(routes.group(1)) : -1};
  }

  /**
   * Every key {@code /status} names, in document order: the node's own first, then its root's, then
   * its peers'. Empty if unreadable.
   */
  static List<String> statusKeys(URI admin) {
    String body = get(admin, "/status");
    List<String> keys = new ArrayList<>();
    if (body != null) {
      PUBLIC_KEY.matcher(body).results().forEach(m -> keys.add(m.group(1).toLowerCase()));
    }
    return keys;
  }

  /**
   * The {@code /metrics} samples (Prometheus text), name with labels to value; empty if unreadable.
   */
  static Map<String, Double> metrics(URI admin) {
    Map<String, Double> samples = new LinkedHashMap<>();
    String body = get(admin, "/metrics");
    if (body == null) {
      return samples;
    }
    for (String line : body.split("\n")) {
      Matcher m = SAMPLE.matcher(line.strip());
      if (!line.startsWith("#") && m.matches()) {
        try {
          samples.put(m.group(1), Double.parseDouble(m.group(2)));
        } catch (NumberFormatException e) {
          // not a sample we read
        }
      }
    }
    return samples;
  }

  private static String get(URI admin, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(admin.resolve(path)).timeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
