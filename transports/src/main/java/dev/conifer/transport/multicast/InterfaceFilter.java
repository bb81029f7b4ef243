package dev.conifer.transport.multicast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which interfaces discovery may use: a comma-separated list of names with {@code *} wildcards
 * ({@code "eth0,wlan*"}); an empty filter, or {@code "*"}, allows every qualifying interface.
 * Qualifying means up, multicast-capable, not loopback and not point-to-point (as Go).
 */
public final class InterfaceFilter {
  private final List<Pattern> patterns = new ArrayList<>();
  private final String text;

  public InterfaceFilter(String text) {
    this.text = text == null ? "" : text.trim();
    for (String part : this.text.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[A-Za-z0-9_.:@*-]+")) {
        throw new IllegalArgumentException(
            "invalid interface name '" + name + "' in multicast filter '" + text + "'");
      }
      patterns.add(
          Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE));
    }
  }

  public static InterfaceFilter all() {
    return new InterfaceFilter("");
  }

  public boolean allows(String interfaceName) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (Pattern pattern : patterns) {
      if (pattern.matcher(interfaceName).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Go's rule plus the filter. */
  public boolean qualifies(
      String name, boolean up, boolean multicast, boolean loopback, boolean pointToPoint) {
    return up && multicast && !loopback && !pointToPoint && allows(name);
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "*" : text.toLowerCase(Locale.ROOT);
  }
}
