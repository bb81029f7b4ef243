package dev.conifer.transfer.replicate;

import java.util.Locale;

/**
 * What kind of device a node is, declared by its operator and carried signed in its publication:
 * always-on nodes (a home rack, a family's regional node) are preferred as holders, because they
 * are there when laptops and phones are not.
 */
public enum NodeRole {
  ALWAYS_ON,
  LAPTOP,
  PHONE;

  /** {@code always-on}, {@code laptop}, {@code phone}: the spelling of flags and files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a {@link #label()}; the error names the choices. */
  public static NodeRole parse(String text) {
    for (NodeRole r : values()) {
      if (r.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "not a role: '" + text + "' (expected always-on, laptop or phone)");
  }
}
