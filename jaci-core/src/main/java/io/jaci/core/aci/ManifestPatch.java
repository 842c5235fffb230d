package io.jaci.core.aci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.App;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Isolator;
import io.jaci.core.spec.MountPoint;
import io.jaci.core.spec.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes to an image manifest, in the forms the reference {@code actool patch-manifest}
 * takes them: {@code --mounts data,path=/var/data,readOnly=true:...}, {@code --ports
 * http,protocol=tcp,port=80:...} (or with {@code name=data}, {@code name=http}), {@code --isolators resource/cpu,request=100m:...},
 * capabilities as comma-separated lists. Mount points, ports and isolators are added to
 * those the manifest has; everything else replaces. Each setter checks its input at once and
 * throws {@link IllegalArgumentException} naming what is wrong.
 */
public final class ManifestPatch implements UnaryOperator<ImageManifest> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CAPABILITY_ISOLATORS =
      List.of("os/linux/capabilities-retain-set", "os/linux/capabilities-remove-set");

  private AcIdentifier name;
  private List<String> exec;
  private String user;
  private String group;
  private List<Integer> supplementaryGids;
  private Isolator capabilities;
  private final List<MountPoint> mounts = new ArrayList<>();
  private final List<Port> ports = new ArrayList<>();
  private final List<Isolator> isolators = new ArrayList<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, String> annotations = new LinkedHashMap<>();

  public ManifestPatch name(String value) {
    this.name = AcIdentifier.parse(value);
    return this;
  }

  /**
   * The command line as a JSON array of strings, e.g. {@code ["/bin/sh","-c","echo hi"]}: for
   * arguments with spaces, which {@link #exec(String)} cannot express.
   */
  public ManifestPatch execJson(String jsonArray) {
    JsonNode node;
    try {
      node = JSON.readTree(jsonArray);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("--exec-json: expected a non-empty JSON array of "
          + "strings, e.g. [\"/bin/sh\",\"-c\",\"echo hi\"]");
    }
    List<String> args = new ArrayList<>();
    for (JsonNode a : node) {
      if (!a.isTextual()) {
        throw new IllegalArgumentException("--exec-json: " + a + " is not a string");
      }
      args.add(a.asText());
    }
    checkOneExec();
    this.exec = args;
    return this;
  }

  private void checkOneExec() {
    if (exec != null) {
      throw new IllegalArgumentException("--exec and --exec-json conflict: give one of them");
    }
  }

  /** The command line, split on spaces as actool does. */
  public ManifestPatch exec(String commandLine) {
    List<String> args = new ArrayList<>();
    for (String a : commandLine.split(" ")) {
      if (!a.isEmpty()) {
        args.add(a);
      }
    }
    if (args.isEmpty()) {
      throw new IllegalArgumentException("--exec: empty command line");
    }
    checkOneExec();
    this.exec = args;
    return this;
  }

  public ManifestPatch user(String value) {
    this.user = value;
    return this;
  }

  public ManifestPatch group(String value) {
    this.group = value;
    return this;
  }

  /** Comma-separated group IDs, e.g. {@code 10,27}. */
  public ManifestPatch supplementaryGroups(String commaSeparated) {
    List<Integer> gids = new ArrayList<>();
    for (String g : commaSeparated.split(",")) {
      try {
        int gid = Integer.parseInt(g.trim());
        if (gid < 0) {
          throw new NumberFormatException();
        }
        gids.add(gid);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid supplementary group \"" + g
            + "\": not a non-negative number");
      }
    }
    this.supplementaryGids = gids;
    return this;
  }

  /** Keep only these capabilities (replaces any capability isolator). */
  public ManifestPatch retainCapabilities(String commaSeparated) {
    checkOneCapabilitySet();
    try {
      this.capabilities = Isolator.capabilitiesRetainSet(List.of(commaSeparated.split(",", -1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("capabilities \"" + commaSeparated + "\": "
          + e.getMessage());
    }
    return this;
  }

  /** Drop these capabilities (replaces any capability isolator). */
  public ManifestPatch revokeCapabilities(String commaSeparated) {
    checkOneCapabilitySet();
    try {
      this.capabilities = Isolator.capabilitiesRemoveSet(List.of(commaSeparated.split(",", -1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("capabilities \"" + commaSeparated + "\": "
          + e.getMessage());
    }
    return this;
  }

  private void checkOneCapabilitySet() {
    if (capabilities != null) {
      throw new IllegalArgumentException("--capability and --revoke-capability conflict: "
          + "give one of them");
    }
  }

  /**
   * Mount points {@code N,path=P[,readOnly=true]} (actool's form) or
   * {@code name=N,path=P[,readOnly=true]}, several separated by {@code :}.
   */
  public ManifestPatch mounts(String spec) {
    for (String m : spec.split(":")) {
      Map<String, String> kv = keyValues(m, "mount point", List.of("name", "path", "readOnly"));
      require(kv, m, "mount point", "name", "path");
      mounts.add(new MountPoint(AcName.parse(kv.get("name")), kv.get("path"),
          bool(kv.getOrDefault("readOnly", "false"), m)));
    }
    return this;
  }

  /**
   * Ports {@code N,protocol=P,port=80[,count=1][,socketActivated=true]} (actool's form) or
   * {@code name=N,...}, several separated by {@code :}.
   */
  public ManifestPatch ports(String spec) {
    for (String p : spec.split(":")) {
      Map<String, String> kv = keyValues(p, "port",
          List.of("name", "protocol", "port", "count", "socketActivated"));
      require(kv, p, "port", "name", "protocol", "port");
      ports.add(new Port(AcName.parse(kv.get("name")), kv.get("protocol"),
          number(kv.get("port"), p), number(kv.getOrDefault("count", "1"), p),
          bool(kv.getOrDefault("socketActivated", "false"), p)));
    }
    return this;
  }

  /**
   * Isolators {@code NAME,key=value,...} (e.g. {@code resource/memory,limit=1G}) or, for
   * isolators whose value is not an object, {@code NAME,VALUE} (e.g.
   * {@code os/linux/no-new-privileges,true}); several separated by {@code :}.
   */
  public ManifestPatch isolators(String spec) {
    for (String is : spec.split(":")) {
      String[] parts = is.split(",");
      String isolatorName = parts[0];
      JsonNode value;
      if (parts.length == 2 && !parts[1].contains("=")) {
        try {
          value = JSON.readTree(parts[1]);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("isolator \"" + is + "\": \"" + parts[1]
              + "\" is no JSON value");
        }
      } else {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = 1; i < parts.length; i++) {
          int eq = parts[i].indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("isolator \"" + is + "\": expected key=value, got \""
                + parts[i] + "\"");
          }
          String v = parts[i].substring(eq + 1);
          if (v.equals("true") || v.equals("false")) {
            object.put(parts[i].substring(0, eq), Boolean.parseBoolean(v));
          } else {
            object.put(parts[i].substring(0, eq), v);
          }
        }
        value = object;
      }
      try {
        isolators.add(Isolator.of(isolatorName, value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("isolator \"" + is + "\": " + e.getMessage());
      }
    }
    return this;
  }

  /** Sets (or replaces) label {@code name}. */
  public ManifestPatch label(String labelName, String value) {
    labels.put(labelName, value);
    return this;
  }

  /** Sets (or replaces) annotation {@code name}. */
  public ManifestPatch annotation(String annotationName, String value) {
    annotations.put(annotationName, value);
    return this;
  }

  private boolean changesApp() {
    return exec != null || user != null || group != null || supplementaryGids != null
        || capabilities != null || !mounts.isEmpty() || !ports.isEmpty()
        || !isolators.isEmpty();
  }

  /**
   * The patched manifest.
   *
   * @throws IllegalArgumentException when the result would be invalid, or when the manifest
   *     has no app and the patch changes one without giving {@code exec}
   */
  @Override
  public ImageManifest apply(ImageManifest m) {
    ImageManifest.Builder b = m.toBuilder();
    if (name != null) {
      b.name(name);
    }
    labels.forEach(b::label);
    annotations.forEach(b::annotation);
    if (changesApp()) {
      b.app(patchApp(m));
    }
    return b.build();
  }

  private App patchApp(ImageManifest m) {
    App.Builder app;
    if (m.app().isPresent()) {
      app = m.app().get().toBuilder();
    } else if (exec != null) {
      // like actool: giving a command makes an app; it runs as root unless told otherwise
      app = App.builder().user("0").group("0");
    } else {
      throw new IllegalArgumentException("the manifest has no app: give --exec to add one");
    }
    App old = m.app().orElse(null);
    if (exec != null) {
      app.exec(exec);
    }
    if (user != null) {
      app.user(user);
    }
    if (group != null) {
      app.group(group);
    }
    if (supplementaryGids != null) {
      app.supplementaryGIDs(supplementaryGids);
    }
    List<Isolator> allIsolators = new ArrayList<>(old != null ? old.isolators() : List.of());
    if (capabilities != null) {
      allIsolators.removeIf(i -> CAPABILITY_ISOLATORS.contains(i.name()));
      allIsolators.add(capabilities);
    }
    allIsolators.addAll(isolators);
    app.isolators(allIsolators);
    List<MountPoint> allMounts = new ArrayList<>(old != null ? old.mountPoints() : List.of());
    allMounts.addAll(mounts);
    app.mountPoints(allMounts);
    List<Port> allPorts = new ArrayList<>(old != null ? old.ports() : List.of());
    allPorts.addAll(ports);
    app.ports(allPorts);
    return app.build();
  }

  /**
   * {@code key=value,...}; the first may be a bare name, as actool takes it
   * ({@code http,protocol=tcp,port=80} is {@code name=http,protocol=tcp,port=80}).
   */
  private static Map<String, String> keyValues(String spec, String what, List<String> keys) {
    Map<String, String> kv = new LinkedHashMap<>();
    String[] pairs = spec.split(",");
    if (!pairs[0].isEmpty() && !pairs[0].contains("=")) {
      pairs[0] = "name=" + pairs[0];
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(what + " \"" + spec + "\": expected key=value, got \""
            + pair + "\"");
      }
      String key = pair.substring(0, eq);
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(what + " \"" + spec + "\": unknown key \"" + key
            + "\" (known: " + String.join(", ", keys) + ")");
      }
      if (kv.put(key, pair.substring(eq + 1)) != null) {
        throw new IllegalArgumentException(what + " \"" + spec + "\": \"" + key
            + "\" given twice");
      }
    }
    return kv;
  }

  private static void require(Map<String, String> kv, String spec, String what, String... keys) {
    for (String k : keys) {
      if (!kv.containsKey(k)) {
        throw new IllegalArgumentException(what + " \"" + spec + "\": " + k + "= is missing");
      }
    }
  }

  private static boolean bool(String v, String spec) {
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("\"" + spec + "\": \"" + v + "\" is not true or false");
    }
    return Boolean.parseBoolean(v);
  }

  private static int number(String v, String spec) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + spec + "\": \"" + v + "\" is not a number");
    }
  }
}
