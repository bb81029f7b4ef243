package dev.conifer.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * The command blocks of one section of a Markdown page, in order, each with the output the page
 * says it prints. Convention (docs/FAMILY.md "The same by hand"): a {@code ```sh} block is pasted
 * into one bash terminal as it stands; an {@code ```output} block right after it is what the reader
 * should see: each of its lines must match a line of the block's output, in the order given (other
 * lines may come in between), where {@code …} stands for any text (keys, ports, times); a line that
 * is only {@code …} is a reminder that more lines come and is not checked.
 */
record DocWalkthrough(List<DocWalkthrough.Block> blocks) {
  static final String ANY = "…";

  /** One {@code sh} block and the lines the doc shows for it (empty: none shown). */
  record Block(int number, String commands, List<String> expected) {
    /** The expected lines that {@code output} lacks, as the doc shows them; empty if all match. */
    List<String> unmatched(List<String> output) {
      List<String> missing = new ArrayList<>();
      int at = 0;
      for (String line : expected) {
        if (line.strip().equals(ANY)) {
          continue;
        }
        Pattern p = pattern(line);
        int found = -1;
        for (int i = at; i < output.size(); i++) {
          if (p.matcher(output.get(i).stripTrailing()).matches()) {
            found = i;
            break;
          }
        }
        if (found < 0) {
          missing.add(line);
        } else {
          at = found + 1;
        }
      }
      return missing;
    }

    private static Pattern pattern(String line) {
      String[] literal = line.stripTrailing().split(ANY, -1);
      return Pattern.compile(
          List.of(literal).stream().map(Pattern::quote).collect(Collectors.joining(".*")));
    }
  }

  /** The blocks of the level-2 section titled {@code section} of the Markdown file {@code page}. */
  static DocWalkthrough read(Path page, String section) throws IOException {
    Node doc = Parser.builder().build().parse(Files.readString(page));
    List<Block> blocks = new ArrayList<>();
    boolean inside = false;
    String commands = null;
    for (Node node = doc.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof Heading h && h.getLevel() <= 2) {
        inside = h.getLevel() == 2 && text(h).equals(section);
      } else if (inside && node instanceof FencedCodeBlock code) {
        switch (code.getInfo().strip()) {
          case "sh" -> {
            addBlock(blocks, commands, List.of());
            commands = code.getLiteral();
          }
          case "output" -> {
            if (commands == null) {
              throw new IllegalStateException(
                  page + ": an output block follows no sh block: " + code.getLiteral());
            }
            addBlock(blocks, commands, code.getLiteral().lines().toList());
            commands = null;
          }
          default ->
              throw new IllegalStateException(
                  page
                      + ": in '"
                      + section
                      + "' every code block is 'sh' or 'output', not '"
                      + code.getInfo()
                      + "'");
        }
      }
    }
    addBlock(blocks, commands, List.of());
    return new DocWalkthrough(List.copyOf(blocks));
  }

  private static void addBlock(List<Block> blocks, String commands, List<String> expected) {
    if (commands != null) {
      blocks.add(new Block(blocks.size() + 1, commands, expected));
    }
  }

  private static String text(Heading h) {
    StringBuilder s = new StringBuilder();
    for (Node c = h.getFirstChild(); c != null; c = c.getNext()) {
      if (c instanceof Text t) {
        s.append(t.getLiteral());
      }
    }
    return s.toString().strip();
  }
}
