package io.jaci.core.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hard links that a filter keeps while it leaves out the file they name (appc:
 * {@code pathWhitelist: ["/b"]} with {@code b} a hard link to {@code a}). Such a link is the
 * file under a name that stays, so it must get the file's content; that content was in the
 * archive before the link, so {@link TreeExtractor} (and the OCI layer writer) reads the
 * archive a second time for the files noted here.
 *
 * <p>Links are grouped by the file entry that has their content: a link to a link that was
 * left out or is itself waiting here joins the group of that link's file.
 */
public final class FilteredLinks {
  /** File entry (clean, below the root) to the kept links that need its content, in order. */
  private final Map<String, List<String>> linksByFile = new LinkedHashMap<>();
  /** Every hard link left out or waiting here, to the file entry it stands for. */
  private final Map<String, String> fileOfLink = new HashMap<>();

  /** Notes a hard link the filter left out, so that links to it find its file. */
  public void leftOut(String link, String target) {
    fileOfLink.put(link, fileOf(target));
  }

  /** Whether {@code target} is a left-out or waiting hard link. */
  public boolean isLink(String target) {
    return fileOfLink.containsKey(target);
  }

  /** Notes {@code link}, kept, whose target is left out: it waits for the file's content. */
  public void waiting(String link, String target) {
    String file = fileOf(target);
    linksByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(link);
    fileOfLink.put(link, file);
  }

  /** The file entry {@code target} stands for: itself unless a left-out or waiting link. */
  public String fileOf(String target) {
    return fileOfLink.getOrDefault(target, target); // one step: entries already point to files
  }

  public boolean isEmpty() {
    return linksByFile.isEmpty();
  }

  /** The waiting links whose content {@code file} has, removed from here; null if none. */
  public List<String> take(String file) {
    return linksByFile.remove(file);
  }

  /** Some waiting link, for a message when its file was never found. */
  public Map.Entry<String, List<String>> anyLeft() {
    return linksByFile.entrySet().iterator().next();
  }
}
