package dev.conifer.node.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations such as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 30d}, a bare
 * number of seconds ({@code 5}) or ISO-8601 ({@code PT5S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt")) {
        return nonNegative(value, Duration.parse(text.toUpperCase(Locale.ROOT)));
      }
      int unitStart = 0;
      while (unitStart < text.length()
          && (Character.isDigit(text.charAt(unitStart)) || text.charAt(unitStart) == '.')) {
        unitStart++;
      }
      double amount = Double.parseDouble(text.substring(0, unitStart));
      double nanosPerUnit =
          switch (text.substring(unitStart)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "", "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw new TypeConversionException(message(value));
          };
      return nonNegative(value, Duration.ofNanos(Math.round(amount * nanosPerUnit)));
    } catch (RuntimeException e) {
      if (e instanceof TypeConversionException) {
        throw e;
      }
      throw new TypeConversionException(message(value));
    }
  }

  private static Duration nonNegative(String value, Duration duration) {
    if (duration.isNegative()) {
      throw new TypeConversionException(message(value));
    }
    return duration;
  }

  private static String message(String value) {
    return "'" + value + "' is not a duration (examples: 500ms, 5s, 2m, 1h, 30d)";
  }
}
