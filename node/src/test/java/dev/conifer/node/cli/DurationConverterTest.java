package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({
    "250ms, 250000000",
    "5s, 5000000000",
    "5, 5000000000",
    "1.5s, 1500000000",
    "2m, 120000000000",
    "1h, 3600000000000",
    "30d, 2592000000000000",
    "10us, 10000",
    "PT3S, 3000000000"
  })
  void parsesCommonForms(String text, long nanos) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "5 parsecs", "-5s", "PT-1S", "1.2.3s"})
  void rejectsNonsenseWithExamples(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("is not a duration (examples: 500ms, 5s, 2m, 1h, 30d)");
  }
}
