package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which form of a namespace page an Accept header gets (RFC 9110 section 12.5.1). */
class AcceptHeaderTest {
  @ParameterizedTest(name = "{0} -> html={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Chromium's and Firefox's navigation headers
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7 | true",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | true",
        // fetch(), curl and the like: a tie, so JSON
        "*/* | false",
        "application/json | false",
        "text/html | true",
        "text/* | true",
        "text/html;q=0.5, application/json;q=0.9 | false",
        "application/json;q=0.1, text/html | true",
        // the most specific range decides, not the first or the highest
        "text/html;q=0, */* | false",
        "*/*;q=0.1, text/*;q=0.9 | true",
        // ranges that do not parse count for nothing; bad weights rank last
        "@@@ | false",
        "text/html;q=abc, application/json;q=0.2 | false",
        "text/html;q=2 | false",
        "  TEXT/HTML  | true",
      })
  void choosesTheFormTheClientRanksHigher(String accept, boolean html) {
    assertThat(AcceptHeader.prefersHtml(accept)).isEqualTo(html);
  }

  @Test
  void noHeaderMeansJson() {
    assertThat(AcceptHeader.prefersHtml(null)).isFalse();
    assertThat(AcceptHeader.prefersHtml("")).isFalse();
  }

  @Test
  void qualityIsThatOfTheMostSpecificMatchingRange() {
    String accept = "*/*;q=0.3, text/*;q=0.6, text/html;q=0.9";
    assertThat(AcceptHeader.quality(accept, AcceptHeader.HTML)).isEqualTo(0.9);
    assertThat(AcceptHeader.quality(accept, AcceptHeader.JSON)).isEqualTo(0.3);
    assertThat(AcceptHeader.quality("image/png", AcceptHeader.JSON)).isZero();
  }
}
