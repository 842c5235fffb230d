package io.jaci.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The app of an image: what to run and how. {@code user} and {@code group} are required (a
 * number, or a name looked up in the image); everything else may be empty. Build one with
 * {@link #builder()}.
 *
 * <p>Rules across fields: {@code supplementaryGIDs} are non-negative, each event handler name
 * appears once, {@code workingDirectory} is absolute (or empty), environment names are unique,
 * and single-instance isolators ({@code os/linux/cpu-shares}, seccomp sets, ...) appear once,
 * never both seccomp sets together.
 */
public record App(
    List<String> exec,
    String user,
    String group,
    List<Integer> supplementaryGIDs,
    List<EventHandler> eventHandlers,
    String workingDirectory,
    List<EnvironmentVariable> environment,
    List<MountPoint> mountPoints,
    List<Port> ports,
    List<Isolator> isolators,
    Map<String, String> userAnnotations,
    Map<String, String> userLabels) {

  /**
   * Copies every collection and checks the rules.
   *
   * @throws IllegalArgumentException listing every broken rule, e.g. {@code user: must not be
   *     empty; workingDirectory: "tmp" must be an absolute path}
   */
  public App {
    exec = List.copyOf(exec);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(group, "group");
    supplementaryGIDs = List.copyOf(supplementaryGIDs);
    eventHandlers = List.copyOf(eventHandlers);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = List.copyOf(environment);
    mountPoints = List.copyOf(mountPoints);
    ports = List.copyOf(ports);
    isolators = List.copyOf(isolators);
    userAnnotations = orderedCopy(userAnnotations);
    userLabels = orderedCopy(userLabels);
    Problems problems = Problems.collecting();
    check(problems, user, group, supplementaryGIDs, eventHandlers, workingDirectory, environment,
        isolators);
    problems.throwIfAny();
  }

  private static Map<String, String> orderedCopy(Map<String, String> map) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
    return Collections.unmodifiableMap(copy);
  }

  static void check(Problems problems, String user, String group, List<Integer> gids,
      List<EventHandler> eventHandlers, String workingDirectory,
      List<EnvironmentVariable> environment, List<Isolator> isolators) {
    if (user.isEmpty()) {
      problems.at("user").add("must not be empty (a user name or number, e.g. \"0\")");
    }
    if (group.isEmpty()) {
      problems.at("group").add("must not be empty (a group name or number, e.g. \"0\")");
    }
    for (int i = 0; i < gids.size(); i++) {
      if (gids.get(i) != null && gids.get(i) < 0) {
        problems.at("supplementaryGIDs").at(i).add(gids.get(i) + " must not be negative");
      }
    }
    Set<String> handlers = new HashSet<>();
    for (int i = 0; i < eventHandlers.size(); i++) {
      if (eventHandlers.get(i) != null && !handlers.add(eventHandlers.get(i).name())) {
        problems.at("eventHandlers").at(i).at("name")
            .add("duplicate event handler \"" + eventHandlers.get(i).name() + "\"");
      }
    }
    if (!workingDirectory.isEmpty() && !workingDirectory.startsWith("/")) {
      problems.at("workingDirectory").add("\"" + workingDirectory + "\" must be an absolute path");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < environment.size(); i++) {
      if (environment.get(i) != null && !names.add(environment.get(i).name())) {
        problems.at("environment").at(i).at("name")
            .add("duplicate environment variable \"" + environment.get(i).name() + "\"");
      }
    }
    checkIsolators(problems.at("isolators"), isolators);
  }

  private static void checkIsolators(Problems problems, List<Isolator> isolators) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < isolators.size(); i++) {
      if (isolators.get(i) == null) {
        continue; // the reader already reported this item
      }
      String name = isolators.get(i).name();
      Integer earlier = first.putIfAbsent(name, i);
      if (earlier != null && IsolatorRules.SINGLE.contains(name)) {
        problems.at(i).at("name")
            .add("only one \"" + name + "\" isolator is allowed, another is at [" + earlier + "]");
      }
      String conflicting = IsolatorRules.CONFLICTS.get(name);
      if (conflicting != null && first.containsKey(conflicting)) {
        problems.at(i).at("name").add("\"" + name + "\" cannot be combined with \""
            + conflicting + "\" at [" + first.get(conflicting) + "]");
      }
    }
  }

  /** A builder with every field empty; {@code user} and {@code group} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this app's fields. */
  public Builder toBuilder() {
    return new Builder()
        .exec(exec)
        .user(user)
        .group(group)
        .supplementaryGIDs(supplementaryGIDs)
        .eventHandlers(eventHandlers)
        .workingDirectory(workingDirectory)
        .environment(environment)
        .mountPoints(mountPoints)
        .ports(ports)
        .isolators(isolators)
        .userAnnotations(userAnnotations)
        .userLabels(userLabels);
  }

  /** Collects the fields of an {@link App}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private List<String> exec = List.of();
    private String user = "";
    private String group = "";
    private List<Integer> supplementaryGIDs = List.of();
    private List<EventHandler> eventHandlers = List.of();
    private String workingDirectory = "";
    private List<EnvironmentVariable> environment = List.of();
    private List<MountPoint> mountPoints = List.of();
    private List<Port> ports = List.of();
    private List<Isolator> isolators = List.of();
    private Map<String, String> userAnnotations = Map.of();
    private Map<String, String> userLabels = Map.of();

    private Builder() {}

    public Builder exec(List<String> exec) {
      this.exec = List.copyOf(exec);
      return this;
    }

    public Builder exec(String... exec) {
      return exec(List.of(exec));
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user);
      return this;
    }

    public Builder group(String group) {
      this.group = Objects.requireNonNull(group);
      return this;
    }

    public Builder supplementaryGIDs(List<Integer> gids) {
      this.supplementaryGIDs = List.copyOf(gids);
      return this;
    }

    public Builder eventHandlers(List<EventHandler> eventHandlers) {
      this.eventHandlers = List.copyOf(eventHandlers);
      return this;
    }

    public Builder workingDirectory(String workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory);
      return this;
    }

    public Builder environment(List<EnvironmentVariable> environment) {
      this.environment = List.copyOf(environment);
      return this;
    }

    /** Sets {@code name} to {@code value}, replacing an earlier value in place. */
    public Builder environmentVariable(String name, String value) {
      List<EnvironmentVariable> list = new ArrayList<>(environment);
      EnvironmentVariable variable = new EnvironmentVariable(name, value);
      int index = indexOfName(list, name);
      if (index >= 0) {
        list.set(index, variable);
      } else {
        list.add(variable);
      }
      this.environment = List.copyOf(list);
      return this;
    }

    private static int indexOfName(List<EnvironmentVariable> list, String name) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).name().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    public Builder mountPoints(List<MountPoint> mountPoints) {
      this.mountPoints = List.copyOf(mountPoints);
      return this;
    }

    public Builder ports(List<Port> ports) {
      this.ports = List.copyOf(ports);
      return this;
    }

    public Builder isolators(List<Isolator> isolators) {
      this.isolators = List.copyOf(isolators);
      return this;
    }

    /** Insertion order is kept. */
    public Builder userAnnotations(Map<String, String> userAnnotations) {
      this.userAnnotations = orderedCopy(userAnnotations);
      return this;
    }

    /** Insertion order is kept. */
    public Builder userLabels(Map<String, String> userLabels) {
      this.userLabels = orderedCopy(userLabels);
      return this;
    }

    /**
     * The app.
     *
     * @throws IllegalArgumentException listing every broken rule
     */
    public App build() {
      return new App(exec, user, group, supplementaryGIDs, eventHandlers, workingDirectory,
          environment, mountPoints, ports, isolators, userAnnotations, userLabels);
    }
  }
}
