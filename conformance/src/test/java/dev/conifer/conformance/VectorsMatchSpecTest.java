package dev.conifer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector files were transcribed by hand from docs/PROTOCOL.md §17; this keeps them equal to the
 * repository's copy of the spec: every key and every full signature they hold appears there.
 */
class VectorsMatchSpecTest {
  private static String spec;

  @BeforeAll
  static void readSpec() throws IOException {
    try (InputStream in = VectorsMatchSpecTest.class.getResourceAsStream("/spec/PROTOCOL.md")) {
      assertThat(in).as("docs/PROTOCOL.md on the test classpath").isNotNull();
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(spec).contains("## 17. Test vectors");
  }

  @Test
  void everyKeyIsTheSpecs() {
    List<String> keys = Vectors.text("keys.txt");
    assertThat(keys).hasSize(3);
    for (String line : keys) {
      String[] fields = line.split("\\s+");
      assertThat(spec)
          .as(fields[0])
          .contains("| " + fields[0] + " | `" + fields[1] + "` | `" + fields[2] + "` |");
    }
  }

  /** The spec prints a signature on one line, or (in the handshake) as two 32-byte halves. */
  @Test
  void everySignatureIsTheSpecs() {
    List<String> signatures = Vectors.text("signatures.txt");
    assertThat(signatures).hasSize(5);
    for (String line : signatures) {
      String[] fields = line.split("\\s+");
      String signature = fields[1];
      assertThat(signature).hasSize(128);
      boolean whole = spec.contains(signature);
      boolean halves =
          spec.contains(signature.substring(0, 64)) && spec.contains(signature.substring(64));
      assertThat(whole || halves).as(fields[0] + " " + signature).isTrue();
    }
  }
}
