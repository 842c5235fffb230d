package io.jaci.core.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The annotations of an image, in order, with unique names. {@code created} must be an RFC 3339
 * date-time; {@code homepage} and {@code documentation} must be http or https URLs.
 */
public final class Annotations {
  private static final Annotations EMPTY = new Annotations(List.of());
  private static final Pattern RFC3339 =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$");

  private final List<Annotation> annotations;

  private Annotations(List<Annotation> annotations) {
    this.annotations = annotations;
  }

  /** No annotations. */
  public static Annotations empty() {
    return EMPTY;
  }

  /**
   * Annotations in the given order.
   *
   * @throws IllegalArgumentException listing every broken rule, e.g. {@code [0].value: created
   *     "garbage" is not an RFC 3339 date-time ...}
   */
  public static Annotations of(List<Annotation> annotations) {
    List<Annotation> copy = List.copyOf(annotations);
    Problems problems = Problems.collecting();
    check(problems, copy);
    problems.throwIfAny();
    return new Annotations(copy);
  }

  static void check(Problems problems, List<Annotation> annotations) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < annotations.size(); i++) {
      Annotation a = annotations.get(i);
      if (a == null) {
        continue; // the reader already reported this item
      }
      String name = a.name().value();
      if (!seen.add(name)) {
        problems.at(i).at("name").add("duplicate annotation \"" + name + "\"");
      }
      String problem =
          switch (name) {
            case "created" -> dateTimeProblem(a.value());
            case "homepage", "documentation" -> urlProblem(a.value());
            default -> null;
          };
      if (problem != null) {
        problems.at(i).at("value").add(name + " " + problem);
      }
    }
  }

  private static String dateTimeProblem(String value) {
    String why = "\"" + value + "\" is not an RFC 3339 date-time like 2016-01-02T03:04:05Z";
    if (!RFC3339.matcher(value).matches()) {
      return why;
    }
    try {
      OffsetDateTime.parse(value.toUpperCase(Locale.ROOT));
      return null;
    } catch (DateTimeParseException e) {
      return why;
    }
  }

  private static String urlProblem(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "\"" + value + "\" must be an http or https URL";
      }
      if (uri.getHost() == null) {
        return "\"" + value + "\" has no host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "\"" + value + "\" is not a URL: " + e.getReason();
    }
  }

  /** The value of the annotation {@code name}, if present. */
  public Optional<String> get(String name) {
    return annotations.stream()
        .filter(a -> a.name().value().equals(name))
        .map(Annotation::value)
        .findFirst();
  }

  /**
   * These annotations with {@code name} set to {@code value}: replaced in place if present, else
   * appended.
   *
   * @throws IllegalArgumentException if the result breaks a rule
   */
  public Annotations with(String name, String value) {
    Annotation annotation = Annotation.of(name, value);
    List<Annotation> list = new ArrayList<>(annotations);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().value().equals(name)) {
        list.set(i, annotation);
        return of(list);
      }
    }
    list.add(annotation);
    return of(list);
  }

  /** The annotations in order (unmodifiable). */
  public List<Annotation> asList() {
    return annotations;
  }

  public boolean isEmpty() {
    return annotations.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Annotations other && annotations.equals(other.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(annotations);
  }

  @Override
  public String toString() {
    return annotations.toString();
  }
}
