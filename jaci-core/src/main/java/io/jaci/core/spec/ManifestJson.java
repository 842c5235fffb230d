package io.jaci.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The on-disk JSON form of an image manifest (the {@code manifest} file of an ACI), for example:
 *
 * <pre>{@code
 * {
 *   "acKind": "ImageManifest",
 *   "acVersion": "0.8.11",
 *   "name": "example.com/reduce-worker",
 *   "labels": [
 *     {"name": "version", "value": "1.0.0"},
 *     {"name": "arch", "value": "amd64"},
 *     {"name": "os", "value": "linux"}
 *   ],
 *   "app": {
 *     "exec": ["/usr/bin/reduce-worker", "--quiet"],
 *     "user": "100",
 *     "group": "300",
 *     "ports": [{"name": "health", "protocol": "tcp", "port": 4000, "count": 1,
 *                "socketActivated": false}]
 *   }
 * }
 * }</pre>
 *
 * <p>Reading reports every problem, each as {@code JSONPATH: message}; unknown fields are ignored,
 * {@code supplementaryGids} is read as {@code supplementaryGIDs}. Writing uses the canonical field
 * order ({@code acKind, acVersion, name, labels, app, annotations, dependencies, pathWhitelist},
 * and the reference's order inside {@code app}) and leaves out empty optional fields.
 */
public final class ManifestJson {
  private static final ObjectWriter COMPACT = ManifestReader.MAPPER.writer();
  private static final ObjectWriter PRETTY =
      ManifestReader.MAPPER.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private ManifestJson() {}

  /** Checks manifest JSON and reports every error and warning; never throws for bad input. */
  public static ManifestCheck check(byte[] json) {
    return new ManifestReader().read(json);
  }

  /**
   * Reads a valid manifest.
   *
   * @throws InvalidManifestException listing every problem found
   */
  public static ImageManifest parse(byte[] json) throws InvalidManifestException {
    ManifestCheck check = check(json);
    if (!check.isValid()) {
      throw new InvalidManifestException(check.errors());
    }
    return check.manifest().orElseThrow();
  }

  /** Compact canonical JSON (UTF-8). */
  public static byte[] write(ImageManifest manifest) {
    return write(COMPACT, manifest, "");
  }

  /** Canonical JSON indented by two spaces, with a trailing newline (UTF-8). */
  public static byte[] writePretty(ImageManifest manifest) {
    return write(PRETTY, manifest, "\n");
  }

  private static byte[] write(ObjectWriter writer, ImageManifest manifest, String end) {
    try {
      return (writer.writeValueAsString(ManifestWriter.manifest(manifest)) + end)
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and copies of parsed JSON always serializes.
      throw new UncheckedIOException("writing manifest JSON", e);
    }
  }
}
