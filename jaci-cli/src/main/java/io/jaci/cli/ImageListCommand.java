package io.jaci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jaci.core.JaciException;
import io.jaci.core.render.DependentImages;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the stored images, oldest import first.")
final class ImageListCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array (full IDs, sizes in bytes,"
      + " RFC 3339 times in UTC, each image's dependencies with the stored image each"
      + " resolves to, null if none).")
  boolean json;

  @Option(names = "--full", description = "Print full image IDs.")
  boolean full;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ImageStore store = parent.openStore()) {
      List<StoredImage> images = store.list();
      if (json) {
        printJson(out, store, images);
      } else {
        printTable(out, images);
      }
    }
    out.flush();
    return 0;
  }

  private static void printJson(PrintWriter out, ImageStore store, List<StoredImage> images)
      throws JaciException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StoredImage i : images) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", i.id().toString());
      row.put("name", i.manifest().name().value());
      row.put("labels", labelMap(i.manifest().labels()));
      row.put("size", i.size());
      row.put("imported", rfc3339(i.imported()));
      row.put("lastUsed", rfc3339(i.lastUsed()));
      row.put("dependencies", dependencies(store, i));
      rows.add(row);
    }
    try {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(rows));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new JaciException("writing JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> labelMap(Labels labels) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Label l : labels.asList()) {
      map.put(l.name().value(), l.value());
    }
    return map;
  }

  /** As the manifest gives them, each with the stored image it resolves to (or null). */
  private static List<Map<String, Object>> dependencies(ImageStore store, StoredImage image)
      throws JaciException {
    List<Optional<ImageId>> resolved = DependentImages.resolvedDependencies(store, image);
    List<Map<String, Object>> list = new ArrayList<>();
    List<Dependency> declared = image.manifest().dependencies();
    for (int d = 0; d < declared.size(); d++) {
      Map<String, Object> dep = new LinkedHashMap<>();
      dep.put("imageName", declared.get(d).imageName().value());
      declared.get(d).imageID().ifPresent(id -> dep.put("imageID", id.toString()));
      dep.put("labels", labelMap(declared.get(d).labels()));
      dep.put("resolvedId", resolved.get(d).map(ImageId::toString).orElse(null));
      list.add(dep);
    }
    return list;
  }

  private static String rfc3339(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private void printTable(PrintWriter out, List<StoredImage> images) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "NAME", "LABELS", "SIZE", "IMPORTED", "LAST USED"});
    for (StoredImage i : images) {
      String id = i.id().toString();
      rows.add(new String[] {
          full ? id : id.substring(0, "sha512-".length() + 12),
          i.manifest().name().value(),
          i.manifest().labels().isEmpty() ? "-" : i.manifest().labels().toString(),
          Sizes.human(i.size()),
          WHEN.format(i.imported()),
          WHEN.format(i.lastUsed())});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        widths[c] = Math.max(widths[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < r.length; c++) {
        line.append(c == r.length - 1 ? r[c] : String.format("%-" + widths[c] + "s  ", r[c]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
