package dev.conifer.bench.chain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a child's RSS from /proc and a conifer node's peer and route counts from its admin API. */
final class ProcessStats {
  private static final Pattern ROUTES = Pattern.compile("\"routes\"\\s*:\\s*(\\d+)");
  private static final Pattern PEER_PORT = Pattern.compile("\"port\"\\s*:");
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
    try {
      HttpRequest request =
          HttpRequest.newBuilder(admin.resolve("/status")).timeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new int[] {-1, -1};
      }
      String body = response.body();
      Matcher routes = ROUTES.matcher(body);
      int peers = (int) PEER_PORT.matcher(body).results().count();
      return new int[] {peers, routes.find() ? Integer.parseInt(routes.group(1)) : -1};
    } catch (IOException e) {
      return new int[] {-1, -1};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new int[] {-1, -1};
    }
  }
}
