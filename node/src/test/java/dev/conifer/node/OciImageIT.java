package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 3 (the OCI image): the tar that {@code -Poci} builds with Jib holds an image whose
 * config starts the jlink'd runtime on the node with the packaged config, and whose layers,
 * unpacked in order, are a root file system in which that entrypoint runs ({@code --version}, via
 * chroot where the test may use it). Skipped unless the build ran with {@code -Poci}.
 */
@Tag("loopback")
@Timeout(300)
class OciImageIT {
  private static final Path IMAGE = Path.of("target", "conifer-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void imageStartsTheNodeFromItsOwnRuntimeAndItsFilesRunIt() throws Exception {
    assumeTrue(Files.isRegularFile(IMAGE), "no " + IMAGE + ": build with -Poci");
    Path unpacked = Files.createDirectories(dir.resolve("image"));
    run("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", unpacked.toString());
    JsonNode index = JSON.readTree(unpacked.resolve("index.json").toFile());
    assertThat(
            index
                .get("manifests")
                .get(0)
                .get("annotations")
                .get("org.opencontainers.image.ref.name")
                .asText())
        .startsWith("conifer:");
    JsonNode manifest = blob(unpacked, index.get("manifests").get(0));
    JsonNode image = blob(unpacked, manifest.get("config"));
    assertThat(image.get("os").asText()).isEqualTo("linux");
    JsonNode config = image.get("config");

    List<String> entrypoint = strings(config.get("Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo("/opt/conifer/runtime/bin/java");
    assertThat(entrypoint)
        .contains("@/opt/conifer/lib/node.jvm-options"); // the launcher's defaults
    String mainClass;
    try (JarFile jar = new JarFile(Path.of("target", "conifer.jar").toFile())) {
      mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
    assertThat(entrypoint).endsWith("@/app/jib-classpath-file", mainClass);
    assertThat(strings(config.get("Cmd")))
        .containsExactly("node", "--config", "/etc/conifer/conifer.toml");
    assertThat(config.get("ExposedPorts").has("65432/tcp")).isTrue();
    assertThat(config.get("Volumes").has("/var/lib/conifer")).isTrue();

    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    for (JsonNode layer : manifest.get("layers")) {
      run("tar", "-xzf", blobPath(unpacked, layer).toString(), "-C", rootfs.toString());
    }
    assertThat(rootfs.resolve("opt/conifer/runtime/bin/java")).isExecutable();
    assertThat(rootfs.resolve("etc/conifer/conifer.toml")).isRegularFile();
    assertThat(rootfs.resolve("opt/conifer/lib/node.jvm-options"))
        .hasSameTextualContentAs(Path.of("..", "packaging", "node.jvm-options"));
    assertThat(rootfs.resolve("app/jib-classpath-file")).isRegularFile();

    String chroot = Files.isExecutable(Path.of("/usr/sbin/chroot")) ? "/usr/sbin/chroot" : null;
    if (chroot == null || !"root".equals(System.getProperty("user.name"))) {
      System.out.println("not root or no chroot: the image's entrypoint was not run");
      return;
    }
    List<String> command = new ArrayList<>(List.of(chroot, rootfs.toString()));
    command.addAll(entrypoint);
    command.add("--version");
    assertThat(run(command.toArray(String[]::new))).startsWith("conifer ");
  }

  /** An OCI layout's blob named by a descriptor's digest. */
  private static Path blobPath(Path layout, JsonNode descriptor) {
    String[] digest = descriptor.get("digest").asText().split(":", 2);
    return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
  }

  private static JsonNode blob(Path layout, JsonNode descriptor) throws java.io.IOException {
    return JSON.readTree(blobPath(layout, descriptor).toFile());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * Runs {@code command}, failing on a non-zero exit. A chroot has no /proc, so the runtime cannot
   * find its libraries through $ORIGIN: they are named in LD_LIBRARY_PATH instead.
   */
  private String run(String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .put("LD_LIBRARY_PATH", "/opt/conifer/runtime/lib:/opt/conifer/runtime/lib/server");
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
    return output;
  }
}
