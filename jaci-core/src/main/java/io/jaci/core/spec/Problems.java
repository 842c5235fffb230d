package io.jaci.core.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects validation problems, each prefixed with the JSON path of the value it concerns
 * ({@code app.ports[1].port: 0 is outside 1..65535}). The model's factories and the JSON reader
 * share one set of rules this way: the factories throw on the first batch, the reader keeps
 * collecting.
 */
final class Problems {
  private final List<String> sink;
  private final String path;

  private Problems(List<String> sink, String path) {
    this.sink = sink;
    this.path = path;
  }

  static Problems collecting() {
    return new Problems(new ArrayList<>(), "");
  }

  /** A view that prefixes the problems it receives with {@code field}. */
  Problems at(String field) {
    return new Problems(sink, path.isEmpty() ? field : path + "." + field);
  }

  /** A view that prefixes the problems it receives with {@code [index]}. */
  Problems at(int index) {
    return new Problems(sink, path + "[" + index + "]");
  }

  void add(String message) {
    sink.add(describe(message));
  }

  /** {@code message} prefixed with this view's path, as {@link #add} would record it. */
  String describe(String message) {
    return path.isEmpty() ? message : path + ": " + message;
  }

  int count() {
    return sink.size();
  }

  List<String> list() {
    return List.copyOf(sink);
  }

  /** Throws {@link IllegalArgumentException} with every problem joined by "; " if there are any. */
  void throwIfAny() {
    if (!sink.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", sink));
    }
  }
}
