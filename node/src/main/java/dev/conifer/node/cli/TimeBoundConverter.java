package dev.conifer.node.cli;

import dev.conifer.sync.entry.TimeBound;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --since T} / {@code --until T}: an ISO-8601 instant ({@code 2026-12-01T00:00:00Z}, a fixed
 * time) or a duration before now ({@code 7d}, {@code 12h}, {@code PT30M}; rolling, see {@link
 * TimeBound}).
 */
public final class TimeBoundConverter implements ITypeConverter<TimeBound> {
  @Override
  public TimeBound convert(String value) {
    if (value.contains("T") && !value.regionMatches(true, 0, "PT", 0, 2)) {
      try {
        return TimeBound.at(Instant.parse(value));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(message(value));
      }
    }
    try {
      return TimeBound.ago(new DurationConverter().convert(value));
    } catch (TypeConversionException e) {
      throw new TypeConversionException(message(value));
    }
  }

  private static String message(String value) {
    return "'"
        + value
        + "' is neither an ISO instant like 2026-12-01T00:00:00Z nor a duration ago like 7d, 12h";
  }
}
