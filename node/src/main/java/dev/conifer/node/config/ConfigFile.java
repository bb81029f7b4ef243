package dev.conifer.node.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A command's options in a TOML file: each key is a long option's name without its dashes ({@code
 * listen = ["tcp://[::]:7000"]} for {@code --listen}), so every flag is available and none needs a
 * second name. A string or number is the option's value, an array repeats the option, and {@code
 * true} gives a flag ({@code false} leaves it off). Unknown keys are an error naming the key and
 * its line.
 */
public final class ConfigFile {
  private static final TomlMapper TOML = new TomlMapper();
  private static final long FILE_LENGTH_MAX = 1 << 20;

  private final Path file;
  private final String text;
  private final Map<String, JsonNode> entries;

  private ConfigFile(Path file, String text, Map<String, JsonNode> entries) {
    this.file = file;
    this.text = text;
    this.entries = entries;
  }

  /** Reads and parses {@code file}; any problem is a {@link ConfigException} naming it. */
  public static ConfigFile read(Path file) {
    String text;
    try {
      if (Files.size(file) > FILE_LENGTH_MAX) {
        throw new ConfigException(file + ": larger than " + FILE_LENGTH_MAX + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read it: " + e.getMessage());
    }
    return parse(file, text);
  }

  /** Parses {@code text} as if read from {@code file}. */
  public static ConfigFile parse(Path file, String text) {
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(file + ": " + e.getOriginalMessage() + location(e));
    }
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    if (root != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        entries.put(entry.getKey(), entry.getValue());
      }
    }
    return new ConfigFile(file, text, entries);
  }

  private static String location(JacksonException e) {
    if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
      return "";
    }
    return " (line " + e.getLocation().getLineNr() + ")";
  }

  @Override
  public String toString() {
    return file.toString();
  }

  public Collection<String> keys() {
    return entries.keySet();
  }

  /**
   * The command line arguments for the keys in {@code accepted} that are not in {@code given}
   * (options the command line already set win), in the file's order. A key not in {@code accepted}
   * is a {@link ConfigException} naming it and its line.
   */
  public List<String> arguments(Collection<String> accepted, Collection<String> given) {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (!accepted.contains(key)) {
        throw new ConfigException(
            file
                + lineOf(key)
                + ": unknown key '"
                + key
                + "' (known: "
                + String.join(", ", accepted)
                + ")");
      }
      if (!given.contains(key)) {
        addArguments(args, key, entry.getValue());
      }
    }
    return args;
  }

  private void addArguments(List<String> args, String key, JsonNode value) {
    String option = "--" + key;
    if (value.isBoolean()) {
      if (value.booleanValue()) {
        args.add(option);
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        if (!element.isValueNode() || element.isBoolean()) {
          throw new ConfigException(
              file + lineOf(key) + ": '" + key + "' must be a list of strings or numbers");
        }
        args.add(option + "=" + element.asText());
      }
    } else if (value.isValueNode()) {
      args.add(option + "=" + value.asText());
    } else {
      throw new ConfigException(
          file + lineOf(key) + ": '" + key + "' must be a value or a list, not a table");
    }
  }

  /**
   * " line N" for the line that sets {@code key}, or "" if it cannot be told. Only for error
   * messages: the TOML library keeps no positions in its tree.
   */
  private String lineOf(String key) {
    Pattern assignment =
        Pattern.compile("^\\s*(\"?)" + Pattern.quote(key) + "\\1\\s*=.*", Pattern.DOTALL);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (assignment.matcher(lines[i]).matches()) {
        return " line " + (i + 1);
      }
    }
    return "";
  }

  /** Writes {@code values} (option name without dashes to value) as TOML. */
  public static String toToml(Map<String, Object> values) {
    try {
      return TOML.writeValueAsString(values);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write plain values as TOML", e);
    }
  }
}
