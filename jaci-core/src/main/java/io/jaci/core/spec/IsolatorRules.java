package io.jaci.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for the values of the isolators appc defines, by isolator name. */
final class IsolatorRules {
  static final Set<String> RESOURCE_WITH_REQUEST = Set.of("resource/cpu", "resource/memory");
  static final Set<String> RESOURCE_LIMIT_ONLY =
      Set.of("resource/block-bandwidth", "resource/block-iops", "resource/network-bandwidth");
  static final Set<String> CAPABILITIES =
      Set.of("os/linux/capabilities-retain-set", "os/linux/capabilities-remove-set");
  static final Set<String> SECCOMP =
      Set.of("os/linux/seccomp-retain-set", "os/linux/seccomp-remove-set");
  /** Isolators that may appear at most once per app (the rest may repeat, as in the reference). */
  static final Set<String> SINGLE =
      Set.of("os/linux/seccomp-retain-set", "os/linux/seccomp-remove-set",
          "os/linux/oom-score-adj", "os/linux/cpu-shares", "os/linux/selinux-context",
          "os/unix/sysctl", "os/linux/apparmor-profile");
  /** Pairs that must not appear together in one app. */
  static final Map<String, String> CONFLICTS =
      Map.of("os/linux/seccomp-retain-set", "os/linux/seccomp-remove-set",
          "os/linux/seccomp-remove-set", "os/linux/seccomp-retain-set");

  private static final Pattern CAPABILITY = Pattern.compile("^CAP_[A-Z0-9_]+$");
  private static final Pattern ERRNO = Pattern.compile("^E[A-Z0-9]*$");

  private IsolatorRules() {}

  static boolean isKnown(String name) {
    return RESOURCE_WITH_REQUEST.contains(name) || RESOURCE_LIMIT_ONLY.contains(name)
        || CAPABILITIES.contains(name) || SECCOMP.contains(name) || SINGLE.contains(name)
        || name.equals("os/linux/no-new-privileges");
  }

  /** Adds a problem (at {@code problems}, the path of the value) for every broken rule. */
  static void check(Problems problems, String name, JsonNode value) {
    if (RESOURCE_WITH_REQUEST.contains(name) || RESOURCE_LIMIT_ONLY.contains(name)) {
      checkResource(problems, name, value);
    } else if (CAPABILITIES.contains(name)) {
      checkSet(problems, value, CAPABILITY, "capability names like CAP_NET_ADMIN");
    } else if (SECCOMP.contains(name)) {
      checkSet(problems, value, null, "syscall names");
      if (value.isObject() && value.has("errno")) {
        JsonNode errno = value.get("errno");
        if (!errno.isTextual()) {
          problems.at("errno").add("must be a string like \"EPERM\"");
        } else if (!errno.asText().isEmpty() && !ERRNO.matcher(errno.asText()).matches()) {
          problems.at("errno").add("\"" + errno.asText()
              + "\" must start with E and contain only upper-case letters and digits");
        }
      }
    } else {
      switch (name) {
        case "os/linux/no-new-privileges" -> {
          if (!value.isBoolean()) {
            problems.add("must be true or false, got " + value);
          }
        }
        case "os/linux/oom-score-adj" -> checkInt(problems, value, -1000, 1000);
        case "os/linux/cpu-shares" -> checkInt(problems, value, 2, 262144);
        case "os/linux/selinux-context" -> checkSelinux(problems, value);
        case "os/unix/sysctl" -> checkStringMap(problems, value);
        case "os/linux/apparmor-profile" -> {
          if (requireObject(problems, value)) {
            JsonNode profile = value.get("profile");
            if (profile == null || !profile.isTextual() || profile.asText().isEmpty()) {
              problems.at("profile").add("must be a non-empty string");
            }
          }
        }
        default -> {
          // Unknown isolator: the spec allows any value.
        }
      }
    }
  }

  private static boolean requireObject(Problems problems, JsonNode value) {
    if (!value.isObject()) {
      problems.add("must be an object, got " + value);
      return false;
    }
    return true;
  }

  private static void checkResource(Problems problems, String name, JsonNode value) {
    if (!requireObject(problems, value)) {
      return;
    }
    boolean limitOnly = RESOURCE_LIMIT_ONLY.contains(name);
    JsonNode dflt = value.get("default");
    boolean isDefault = false;
    if (dflt != null && !dflt.isNull()) {
      if (!dflt.isBoolean()) {
        problems.at("default").add("must be true or false, got " + dflt);
      } else {
        isDefault = dflt.asBoolean();
      }
    }
    if (limitOnly && !isDefault) {
      problems.at("default").add("must be true for " + name);
    } else if (!limitOnly && isDefault) {
      problems.at("default").add("must be false for " + name);
    }
    ResourceQuantity request = quantity(problems.at("request"), value.get("request"));
    ResourceQuantity limit = quantity(problems.at("limit"), value.get("limit"));
    if (limitOnly && value.hasNonNull("request")) {
      problems.at("request").add("not supported by " + name + ", leave it out");
    }
    if (!limitOnly && request != null && limit != null && request.compareTo(limit) > 0) {
      problems.at("request").add(request + " is more than the limit " + limit);
    }
  }

  private static ResourceQuantity quantity(Problems problems, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() && !node.isNumber()) {
      problems.add("must be a quantity string like \"500m\" or \"1G\", got " + node);
      return null;
    }
    try {
      ResourceQuantity q = ResourceQuantity.parse(node.asText());
      if (q.amount().signum() < 0) {
        problems.add(q + " must not be negative");
        return null;
      }
      return q;
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static void checkSet(Problems problems, JsonNode value, Pattern pattern, String what) {
    if (!requireObject(problems, value)) {
      return;
    }
    JsonNode set = value.get("set");
    if (set == null || !set.isArray()) {
      problems.at("set").add("must be an array of " + what);
      return;
    }
    if (set.isEmpty()) {
      problems.at("set").add("must not be empty");
    }
    for (int i = 0; i < set.size(); i++) {
      JsonNode item = set.get(i);
      if (!item.isTextual() || item.asText().isEmpty()) {
        problems.at("set").at(i).add("must be a non-empty string, got " + item);
      } else if (pattern != null && !pattern.matcher(item.asText()).matches()) {
        problems.at("set").at(i).add("\"" + item.asText() + "\" is not one of the " + what);
      }
    }
  }

  private static void checkInt(Problems problems, JsonNode value, long min, long max) {
    if (!value.isIntegralNumber()) {
      problems.add("must be an integer in " + min + ".." + max + ", got " + value);
    } else if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      problems.add(value + " is outside " + min + ".." + max);
    }
  }

  private static void checkSelinux(Problems problems, JsonNode value) {
    if (!requireObject(problems, value)) {
      return;
    }
    for (String part : new String[] {"user", "role", "type", "level"}) {
      JsonNode node = value.get(part);
      if (node == null || !node.isTextual() || node.asText().isEmpty()) {
        problems.at(part).add("must be a non-empty string");
      } else if (!part.equals("level") && node.asText().contains(":")) {
        problems.at(part).add("\"" + node.asText() + "\" must not contain ':'");
      }
    }
  }

  private static void checkStringMap(Problems problems, JsonNode value) {
    if (!requireObject(problems, value)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        problems.at(e.getKey()).add("must be a string, got " + e.getValue());
      }
    }
  }
}
