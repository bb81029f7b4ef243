package dev.conifer.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, whatever standard output is: {@code System.console()}
 * answers for stdin and stdout only, so a run with stdout redirected (the usual way to keep a
 * summary) lost its progress bar. On Linux the answer is where file descriptor 2 points.
 */
final class StderrTerminal {
  private StderrTerminal() {}

  static boolean isTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd).toString());
      } catch (IOException | SecurityException e) {
        return System.console() != null; // cannot tell: the old, conservative answer
      }
    }
    return System.console() != null; // not Linux
  }

  /** A pseudo-terminal or a console device, as the link target of an fd names it. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
  }
}
