package dev.conifer.node.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --key FILE}: a directory, or a path ending in a separator, is refused while the text is
 * still as typed (a {@link Path} forgets the trailing '/'), so it never becomes a key file named
 * after the directory.
 */
public final class KeyPathConverter implements ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    if (value.endsWith("/") || value.endsWith(File.separator)) {
      throw new TypeConversionException("'" + value + "' is a directory; give the key file's path");
    }
    Path path = Path.of(value);
    if (Files.isDirectory(path)) {
      throw new TypeConversionException("'" + value + "' is a directory; give the key file's path");
    }
    return path;
  }
}
