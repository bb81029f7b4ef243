package dev.conifer.node.config;

/** A config file that cannot be used; the message names the file, and the key and line if any. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
