package dev.conifer.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Applies a {@link ConfigFile} to a picocli command: the file's keys become arguments placed before
 * the command line's own, for the options the command line did not set, and the whole is parsed
 * again into a fresh command object, so the file's values go through the same converters and checks
 * as flags. Flags therefore override the file.
 */
public final class CommandConfig {
  private CommandConfig() {}

  /** The options a config file may set: long options but {@code excluded} and help/version. */
  public static Set<String> keys(CommandSpec spec, Set<String> excluded) {
    Set<String> keys = new LinkedHashSet<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      if (!name.startsWith("--") || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String key = name.substring(2);
      if (!excluded.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Parses {@code file} plus the command line that produced {@code parsed} into {@code fresh}, and
   * returns it. A bad value in the file is a {@link ConfigException} naming the file.
   */
  public static <T> T apply(ConfigFile file, CommandLine parsed, Set<String> excluded, T fresh) {
    ParseResult result = parsed.getParseResult();
    Set<String> given = new LinkedHashSet<>();
    List<String> commandLine = new ArrayList<>();
    for (OptionSpec option : result.matchedOptions()) {
      String name = option.longestName();
      given.add(name.startsWith("--") ? name.substring(2) : name);
      List<String> values = option.originalStringValues();
      if (values.isEmpty() || option.arity().max() == 0) {
        commandLine.add(name);
      } else {
        values.forEach(value -> commandLine.add(name + "=" + value));
      }
    }
    result.matchedPositionals().forEach(p -> commandLine.addAll(p.originalStringValues()));
    List<String> args =
        new ArrayList<>(file.arguments(keys(parsed.getCommandSpec(), excluded), given));
    args.addAll(commandLine);
    CommandLine reparsed = new CommandLine(fresh);
    reparsed.setPosixClusteredShortOptionsAllowed(false);
    reparsed.setOut(parsed.getOut());
    reparsed.setErr(parsed.getErr());
    try {
      reparsed.parseArgs(args.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException("config " + file + " with the flags: " + e.getMessage());
    }
    return fresh;
  }

  /** The values of {@code spec}'s configurable options, for {@code --print-config}. */
  public static Map<String, Object> values(CommandSpec spec, Set<String> excluded) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String key : keys(spec, excluded)) {
      Object value = spec.findOption("--" + key).getValue();
      if (value instanceof Path path) {
        value = path.toString();
      } else if (value instanceof List<?> list) {
        value = list.stream().map(String::valueOf).toList();
      }
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }
}
