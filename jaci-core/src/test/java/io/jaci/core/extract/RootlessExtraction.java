package io.jaci.core.extract;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Extracts an archive and prints what was not restored, one line each: the child process
 * that {@link RootlessExtractionTest} runs as an unprivileged user.
 */
public final class RootlessExtraction {
  private RootlessExtraction() {}

  public static void main(String[] args) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      ExtractResult r = TreeExtractor.into(Path.of(args[1])).extract(in);
      r.notRestored().forEach(System.out::println);
    } catch (JaciException e) {
      System.out.println("FAILED: " + e.getMessage());
      System.exit(1);
    }
  }
}
