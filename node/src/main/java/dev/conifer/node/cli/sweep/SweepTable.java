package dev.conifer.node.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged sweep table: one row per run; columns {@code run, seed}, one per varied option, {@code
 * exit}, then every field of the summary line flattened to dotted names ({@code delivery.ratio}).
 * Fields appear in summary order, so the same sweep gives a byte-identical file. A failed run keeps
 * its row, with its exit code and empty summary fields.
 */
public final class SweepTable {
  private final List<String> columns;
  private final List<Map<String, String>> rows;

  private SweepTable(List<String> columns, List<Map<String, String>> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  public static SweepTable of(List<SweepOutcome> outcomes) {
    Set<String> columns = new LinkedHashSet<>(List.of("run", "seed"));
    for (SweepOutcome o : outcomes) {
      for (SweepRun.Setting s : o.run().settings()) {
        columns.add(s.option());
      }
    }
    columns.add("exit");
    List<Map<String, String>> rows = new ArrayList<>();
    for (SweepOutcome o : outcomes) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("run", o.run().id());
      row.put("seed", Long.toString(o.run().seed()));
      for (SweepRun.Setting s : o.run().settings()) {
        row.put(s.option(), s.value());
      }
      row.put("exit", Integer.toString(o.exitCode()));
      if (o.succeeded()) {
        flatten("", o.summary(), row);
      }
      columns.addAll(row.keySet());
      rows.add(row);
    }
    return new SweepTable(List.copyOf(columns), rows);
  }

  public List<String> columns() {
    return columns;
  }

  /** The value of {@code column} in row {@code i} ("" when the run has none). */
  public String value(int i, String column) {
    return rows.get(i).getOrDefault(column, "");
  }

  public int rowCount() {
    return rows.size();
  }

  /** RFC 4180 text with a header line. */
  public String toCsv() {
    CsvMapper mapper = new CsvMapper();
    CsvSchema.Builder schema = CsvSchema.builder();
    for (String c : columns) {
      schema.addColumn(c);
    }
    ArrayNode array = mapper.createArrayNode();
    for (Map<String, String> row : rows) {
      var line = array.addObject();
      for (String c : columns) {
        line.put(c, row.getOrDefault(c, ""));
      }
    }
    StringWriter out = new StringWriter();
    try (var writer = mapper.writer(schema.build().withHeader()).writeValues(out)) {
      for (JsonNode line : array) {
        writer.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to a string", e);
    }
    return out.toString();
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        String name = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
        if (name.equals("seed")) {
          continue; // already the second column
        }
        flatten(name, f.getValue(), row);
      }
    } else if (node.isNull()) {
      row.put(prefix, "");
    } else {
      row.put(prefix, node.asText());
    }
  }
}
