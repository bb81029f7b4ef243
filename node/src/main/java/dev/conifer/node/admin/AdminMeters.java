package dev.conifer.node.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code conifer_admin_requests_total{path, outcome}}: every admin request by what was asked (a
 * bounded set of paths, so a scanner cannot grow the registry) and how it ended.
 */
final class AdminMeters {
  static final String STATUS = "/status";
  static final String METRICS = "/metrics";
  static final String MANHOLE = "/manhole";
  static final String CONTROL = "/control";
  static final String OTHER = "other";

  static final String OK = "ok";
  static final String NOT_FOUND = "not_found";
  static final String BAD_REQUEST = "bad_request";
  static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  static final String UNAUTHORIZED = "unauthorized";
  static final String FAILED = "failed";

  private final MeterRegistry registry;

  AdminMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(String path, String outcome) {
    Counter.builder("conifer.admin.requests")
        .description("Admin HTTP requests by path and outcome")
        .tag("path", path)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** The outcome label for an HTTP status a handler answered with. */
  static String outcome(int status) {
    return switch (status) {
      case 200, 206, 304 -> OK;
      case 400, 416 -> BAD_REQUEST;
      case 401, 403 -> UNAUTHORIZED;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      default -> status < 400 ? OK : FAILED;
    };
  }
}
