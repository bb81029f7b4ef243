package dev.conifer.node.demo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium (Debian's {@code chromium}, or {@code $CHROMIUM}) as a person's browser: it
 * loads a page once to print the DOM it built, and once to take a screenshot. The screenshot is the
 * proof that the image was shown: the demo counts the pixels of the cover's own colour.
 */
final class BrowserCheck {
  private static final long PAGE_SECONDS = 60;

  private final Path chromium;
  private final Path dir;

  private BrowserCheck(Path chromium, Path dir) {
    this.chromium = chromium;
    this.dir = dir;
  }

  /** The browser, or null with the reason in {@code why} if there is none on this machine. */
  static BrowserCheck find(Path dir, StringBuilder why) {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return new BrowserCheck(Path.of(configured), dir);
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return new BrowserCheck(p, dir);
        }
      }
    }
    why.append(
        configured != null
            ? "$CHROMIUM=" + configured + " is not an executable file"
            : "no chromium (nor chromium-browser, google-chrome) on PATH and no $CHROMIUM");
    why.append(
        "; install it (Debian/Ubuntu: sudo apt-get install chromium) or run with --no-browser");
    return null;
  }

  Path binary() {
    return chromium;
  }

  /** The page's DOM after its scripts ran, as Chromium serialises it. */
  String dumpDom(URI page) throws InterruptedException {
    Path out = dir.resolve("page-dom.html");
    run(List.of("--dump-dom", page.toString()), out);
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A screenshot of the page as the browser rendered it. */
  Path screenshot(URI page, String fileName) throws InterruptedException {
    Path shot = dir.resolve(fileName);
    run(
        List.of(
            "--screenshot=" + shot, "--window-size=900,1200", "--hide-scrollbars", page.toString()),
        dir.resolve("chromium-screenshot.log"));
    if (!Files.isRegularFile(shot)) {
      throw new DemoFailure("chromium wrote no screenshot; see " + dir.resolve("chromium.log"));
    }
    return shot;
  }

  /** How many pixels of {@code shot} are within a small distance of {@code colour}. */
  static int pixelsOf(Path shot, Color colour) {
    BufferedImage image;
    try {
      image = ImageIO.read(shot.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the screenshot " + shot, e);
    }
    if (image == null) {
      throw new DemoFailure("the screenshot " + shot + " is not an image");
    }
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (near((rgb >> 16) & 0xff, colour.getRed())
            && near((rgb >> 8) & 0xff, colour.getGreen())
            && near(rgb & 0xff, colour.getBlue())) {
          count++;
        }
      }
    }
    return count;
  }

  private static boolean near(int a, int b) {
    return Math.abs(a - b) <= 6;
  }

  private void run(List<String> args, Path stdout) throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.add("--headless");
    command.add("--no-sandbox"); // CI runs as root, where the sandbox cannot start
    command.add("--disable-gpu");
    command.add("--disable-dev-shm-usage");
    command.add("--no-first-run");
    command.add("--user-data-dir=" + dir.resolve("chromium-profile"));
    command.add("--virtual-time-budget=15000"); // wait for the image, not a fixed time
    command.addAll(args);
    try {
      Files.createDirectories(dir);
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("chromium.log").toFile()))
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(PAGE_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new DemoFailure(
            "chromium did not finish within "
                + PAGE_SECONDS
                + " s; see "
                + dir.resolve("chromium.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + chromium + ": " + e.getMessage(), e);
    }
  }
}
