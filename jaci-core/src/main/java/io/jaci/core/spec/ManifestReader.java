package io.jaci.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * Reads manifest JSON into the model, collecting every problem with its JSON path instead of
 * stopping at the first. One instance reads one document.
 */
final class ManifestReader {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Problems errors = Problems.collecting();
  private final List<String> warnings = new ArrayList<>();

  ManifestCheck read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return failed("invalid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      return failed("invalid JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      return failed("invalid JSON: the document is empty, expected an object");
    }
    if (!root.isObject()) {
      return failed("the top level must be a JSON object, got " + describe(root));
    }
    ImageManifest manifest = manifest(root);
    List<String> found = errors.list();
    return new ManifestCheck(
        found.isEmpty() ? Optional.of(manifest) : Optional.empty(), found, warnings);
  }

  private static ManifestCheck failed(String error) {
    return new ManifestCheck(Optional.empty(), List.of(error), List.of());
  }

  private ImageManifest manifest(JsonNode root) {
    String kind = string(errors.at("acKind"), root.get("acKind"), true);
    if (kind != null && !kind.equals(ImageManifest.AC_KIND)) {
      errors.at("acKind").add("must be \"" + ImageManifest.AC_KIND + "\", got \"" + kind + "\"");
    }
    AcVersion acVersion =
        parsed(errors.at("acVersion"), string(errors.at("acVersion"), root.get("acVersion"), true),
            AcVersion::parse);
    AcIdentifier name = identifier(errors.at("name"), root.get("name"), true);
    Labels labels = labels(errors.at("labels"), root.get("labels"));
    App app = isAbsent(root.get("app")) ? null : app(errors.at("app"), root.get("app"));
    Annotations annotations = annotations(errors.at("annotations"), root.get("annotations"));
    List<Dependency> dependencies =
        list(errors.at("dependencies"), root.get("dependencies"), "objects", this::dependency);
    List<String> paths = strings(errors.at("pathWhitelist"), root.get("pathWhitelist"));
    PathWhitelist whitelist = null;
    if (paths != null) {
      int before = errors.count();
      PathWhitelist.check(errors.at("pathWhitelist"), paths);
      whitelist = errors.count() == before ? PathWhitelist.of(paths) : null;
    }
    if (errors.count() > 0) {
      return null;
    }
    return new ImageManifest(acVersion, name, labels, Optional.ofNullable(app), annotations,
        dependencies, whitelist);
  }

  // ---- labels, annotations, dependencies

  private Labels labels(Problems at, JsonNode node) {
    List<Label> list = list(at, node, "objects", (p, item) -> {
      AcIdentifier name = identifier(p.at("name"), item.get("name"), true);
      String value = string(p.at("value"), item.get("value"), false);
      return name == null || value == null ? null : new Label(name, value);
    });
    return list == null ? null : checked(at, list, Labels::check, Labels::of);
  }

  private Annotations annotations(Problems at, JsonNode node) {
    List<Annotation> list = list(at, node, "objects", (p, item) -> {
      AcIdentifier name = identifier(p.at("name"), item.get("name"), true);
      String value = string(p.at("value"), item.get("value"), false);
      return name == null || value == null ? null : new Annotation(name, value);
    });
    return list == null ? null : checked(at, list, Annotations::check, Annotations::of);
  }

  private Dependency dependency(Problems at, JsonNode item) {
    AcIdentifier imageName = identifier(at.at("imageName"), item.get("imageName"), true);
    String id = string(at.at("imageID"), item.get("imageID"), false);
    ImageId imageId = id == null || id.isEmpty() ? null : parsed(at.at("imageID"), id, ImageId::parse);
    Labels labels = labels(at.at("labels"), item.get("labels"));
    Long size = integer(at.at("size"), item.get("size"), 0, Long.MAX_VALUE);
    if (imageName == null || (id != null && !id.isEmpty() && imageId == null) || labels == null
        || size == null) {
      return null;
    }
    return new Dependency(imageName, Optional.ofNullable(imageId), labels,
        size == null || size == 0 ? OptionalLong.empty() : OptionalLong.of(size));
  }

  // ---- app

  private App app(Problems at, JsonNode node) {
    if (!node.isObject()) {
      at.add("must be an object, got " + describe(node));
      return null;
    }
    int before = errors.count();
    List<String> exec = strings(at.at("exec"), node.get("exec"));
    String user = string(at.at("user"), node.get("user"), true);
    String group = string(at.at("group"), node.get("group"), true);
    // Go's decoder matches keys case-insensitively, so "supplementaryGids" is found in the wild.
    String gidsKey = node.has("supplementaryGIDs") || !node.has("supplementaryGids")
        ? "supplementaryGIDs" : "supplementaryGids";
    if (node.has("supplementaryGIDs") && node.has("supplementaryGids")) {
      warnings.add(at.at("supplementaryGids").describe(
          "ignored because supplementaryGIDs is also present"));
    }
    List<Integer> gids = list(at.at(gidsKey), node.get(gidsKey), "integers",
        (p, item) -> toInt(integer(p, item, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    List<EventHandler> handlers = list(at.at("eventHandlers"), node.get("eventHandlers"),
        "objects", this::eventHandler);
    String workingDirectory = string(at.at("workingDirectory"), node.get("workingDirectory"), false);
    List<EnvironmentVariable> environment = list(at.at("environment"), node.get("environment"),
        "objects", this::environmentVariable);
    List<MountPoint> mountPoints = list(at.at("mountPoints"), node.get("mountPoints"), "objects",
        this::mountPoint);
    List<Port> ports = list(at.at("ports"), node.get("ports"), "objects", this::port);
    List<Isolator> isolators = list(at.at("isolators"), node.get("isolators"), "objects",
        this::isolator);
    Map<String, String> userAnnotations =
        stringMap(at.at("userAnnotations"), node.get("userAnnotations"));
    Map<String, String> userLabels = stringMap(at.at("userLabels"), node.get("userLabels"));
    if (user != null && group != null && gids != null && handlers != null
        && workingDirectory != null && environment != null && isolators != null) {
      App.check(at, user, group, gids, handlers, workingDirectory, environment, isolators);
    }
    if (errors.count() > before) {
      return null;
    }
    return new App(exec, user, group, gids, handlers, workingDirectory, environment, mountPoints,
        ports, isolators, userAnnotations, userLabels);
  }

  private EventHandler eventHandler(Problems at, JsonNode item) {
    String name = string(at.at("name"), item.get("name"), true);
    if (name != null && EventHandler.nameProblem(name) != null) {
      at.at("name").add(EventHandler.nameProblem(name));
      name = null;
    }
    List<String> exec = strings(at.at("exec"), item.get("exec"));
    return name == null || exec == null ? null : new EventHandler(name, exec);
  }

  private EnvironmentVariable environmentVariable(Problems at, JsonNode item) {
    String name = string(at.at("name"), item.get("name"), true);
    if (name != null && EnvironmentVariable.nameProblem(name) != null) {
      at.at("name").add(EnvironmentVariable.nameProblem(name));
      name = null;
    }
    String value = string(at.at("value"), item.get("value"), false);
    return name == null || value == null ? null : new EnvironmentVariable(name, value);
  }

  private MountPoint mountPoint(Problems at, JsonNode item) {
    AcName name = acName(at.at("name"), item.get("name"));
    String path = string(at.at("path"), item.get("path"), true);
    if (path != null && path.isEmpty()) {
      at.at("path").add("must not be empty");
      path = null;
    }
    Boolean readOnly = bool(at.at("readOnly"), item.get("readOnly"));
    return name == null || path == null || readOnly == null
        ? null : new MountPoint(name, path, readOnly);
  }

  private Port port(Problems at, JsonNode item) {
    int before = errors.count();
    AcName name = acName(at.at("name"), item.get("name"));
    String protocol = string(at.at("protocol"), item.get("protocol"), true);
    Long port = integer(at.at("port"), item.get("port"), Long.MIN_VALUE, Long.MAX_VALUE);
    if (isAbsent(item.get("port"))) {
      at.at("port").add("is required");
    }
    Long count = isAbsent(item.get("count"))
        ? Long.valueOf(1) : integer(at.at("count"), item.get("count"), Long.MIN_VALUE, Long.MAX_VALUE);
    Boolean socketActivated = bool(at.at("socketActivated"), item.get("socketActivated"));
    if (protocol != null && port != null && count != null) {
      Port.check(at, protocol, port, count);
    }
    return errors.count() > before
        ? null : new Port(name, protocol, port.intValue(), count.intValue(), socketActivated);
  }

  private Isolator isolator(Problems at, JsonNode item) {
    String name = string(at.at("name"), item.get("name"), true);
    JsonNode value = item.get("value");
    if (value == null) {
      at.at("value").add("is required");
    }
    if (name == null || value == null) {
      return null;
    }
    int before = errors.count();
    Isolator.check(at, name, value);
    if (errors.count() > before) {
      return null;
    }
    Isolator isolator = new Isolator(name, value);
    if (!isolator.isKnown()) {
      warnings.add(at.at("name").describe(
          "unknown isolator \"" + name + "\" accepted without checking its value"));
    }
    return isolator;
  }

  // ---- JSON types

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "the string " + node;
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    };
  }

  /** The string at {@code node}; null (with a problem) if absent and required or not a string. */
  private static String string(Problems at, JsonNode node, boolean required) {
    if (isAbsent(node)) {
      if (required) {
        at.add("is required");
        return null;
      }
      return "";
    }
    if (!node.isTextual()) {
      at.add("must be a string, got " + describe(node));
      return null;
    }
    return node.asText();
  }

  private static Boolean bool(Problems at, JsonNode node) {
    if (isAbsent(node)) {
      return false;
    }
    if (!node.isBoolean()) {
      at.add("must be true or false, got " + describe(node));
      return null;
    }
    return node.asBoolean();
  }

  /** An integer in min..max; null (with a problem) if not. Absent means 0. */
  private static Long integer(Problems at, JsonNode node, long min, long max) {
    if (isAbsent(node)) {
      return 0L;
    }
    if (!node.isIntegralNumber()) {
      at.add("must be an integer, got " + describe(node));
      return null;
    }
    if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
      at.add(node + " is outside " + min + ".." + max);
      return null;
    }
    return node.asLong();
  }

  private static Integer toInt(Long value) {
    return value == null ? null : value.intValue();
  }

  private static <T> T parsed(Problems at, String text, java.util.function.Function<String, T> parser) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      at.add(e.getMessage());
      return null;
    }
  }

  private static AcIdentifier identifier(Problems at, JsonNode node, boolean required) {
    String text = string(at, node, required);
    if (text == null) {
      return null;
    }
    String problem = AcIdentifier.problem(text);
    if (problem != null) {
      at.add(problem);
      return null;
    }
    return new AcIdentifier(text);
  }

  private static AcName acName(Problems at, JsonNode node) {
    String text = string(at, node, true);
    if (text == null) {
      return null;
    }
    String problem = AcName.problem(text);
    if (problem != null) {
      at.add(problem);
      return null;
    }
    return new AcName(text);
  }

  private static List<String> strings(Problems at, JsonNode node) {
    if (isAbsent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      at.add("must be an array of strings, got " + describe(node));
      return null;
    }
    List<String> list = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      String s = string(at.at(i), node.get(i), true);
      ok &= s != null;
      list.add(s);
    }
    return ok ? list : null;
  }

  private static Map<String, String> stringMap(Problems at, JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    if (isAbsent(node)) {
      return map;
    }
    if (!node.isObject()) {
      at.add("must be an object with string values, got " + describe(node));
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String value = string(at.at(e.getKey()), e.getValue(), true);
      map.put(e.getKey(), value);
    }
    return map.containsValue(null) ? null : map;
  }

  /**
   * The items of an array, each read by {@code item}; for an object item that fails, the list
   * holds null at its index so that later cross-item checks keep the right indices. Returns null
   * if {@code node} is not an array; absent means empty.
   */
  private <T> List<T> list(
      Problems at, JsonNode node, String what, BiFunction<Problems, JsonNode, T> item) {
    if (isAbsent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      at.add("must be an array of " + what + ", got " + describe(node));
      return null;
    }
    List<T> list = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (what.equals("objects") && !element.isObject()) {
        at.at(i).add("must be an object, got " + describe(element));
        list.add(null);
        continue;
      }
      int before = errors.count();
      T value = item.apply(at.at(i), element);
      list.add(errors.count() > before ? null : value);
    }
    return list;
  }

  /** Runs the cross-item {@code check} and builds the collection if nothing is wrong. */
  private <T, C> C checked(Problems at, List<T> list, Checker<T> check,
      java.util.function.Function<List<T>, C> build) {
    int before = errors.count();
    check.check(at, list);
    return errors.count() > before || list.stream().anyMatch(Objects::isNull)
        ? null : build.apply(list);
  }

  @FunctionalInterface
  private interface Checker<T> {
    void check(Problems problems, List<T> items);
  }
}
