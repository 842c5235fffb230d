package io.jaci.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.jaci.core.JaciException;
import io.jaci.core.spec.Isolator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Turns an app's isolators into {@link IsolatorSettings}, one rule per isolator as ace.md
 * defines it, and decides what this host can enforce ({@link HostFacts}). Isolators jaci does
 * not implement ({@code resource/block-*}, {@code resource/network-bandwidth}, SELinux,
 * AppArmor, unknown names) are ignored and named, as ace.md allows ("An executor MAY ignore
 * isolators that it does not understand ... But, an executor MUST make information about which
 * isolators were ignored, enforced or modified available to the user").
 */
public final class IsolatorMapping {
  private IsolatorMapping() {}

  /**
   * The settings for one app.
   *
   * @param isolators the app's isolators (image manifest, already validated by {@code App})
   * @param overrides {@code --memory}/{@code --cpu}, replacing the isolators' limits
   * @param host what this host allows
   * @param ownNetworkNamespace whether the pod has its own network namespace ({@code --net
   *     none|private}); {@code net.*} sysctls need one
   * @throws JaciException one line when isolators contradict each other (a capability retain
   *     set together with a remove set), or when {@code --memory} or {@code --cpu} cannot be
   *     enforced on this host (an image's isolator that cannot is only noted)
   */
  public static IsolatorSettings map(List<Isolator> isolators, ResourceOverrides overrides,
      HostFacts host, boolean ownNetworkNamespace) throws JaciException {
    List<String> notes = new ArrayList<>();
    Map<String, Isolator> last = new LinkedHashMap<>();
    TreeSet<String> retain = new TreeSet<>();
    TreeSet<String> remove = new TreeSet<>();
    for (Isolator isolator : isolators) {
      String name = isolator.name();
      switch (name) {
        case "os/linux/capabilities-retain-set" -> retain.addAll(capabilities(isolator, notes));
        case "os/linux/capabilities-remove-set" -> remove.addAll(capabilities(isolator, notes));
        case "resource/memory", "resource/cpu", "os/linux/cpu-shares",
            "os/linux/no-new-privileges", "os/linux/oom-score-adj", "os/unix/sysctl",
            "os/linux/seccomp-retain-set", "os/linux/seccomp-remove-set" -> {
          if (last.put(name, isolator) != null) {
            notes.add(name + ": given more than once, the last one is used");
          }
        }
        default -> notes.add(name + ": " + (isolator.isKnown()
            ? "not implemented by jaci" : "not an isolator jaci knows") + ", ignored");
      }
    }
    boolean hasRetain = isolators.stream()
        .anyMatch(i -> i.name().equals("os/linux/capabilities-retain-set"));
    boolean hasRemove = isolators.stream()
        .anyMatch(i -> i.name().equals("os/linux/capabilities-remove-set"));
    if (hasRetain && hasRemove) {
      // ace.md, capabilities-retain-set: "The retain set cannot be used in conjunction with the
      // remove set."
      throw new JaciException("the image's app has both os/linux/capabilities-retain-set and "
          + "os/linux/capabilities-remove-set, which ace.md forbids together; fix the image");
    }
    TreeSet<String> caps = new TreeSet<>(hasRetain ? retain : Capabilities.APPC_DEFAULT);
    caps.removeAll(remove);

    ResourceMapping resources = new ResourceMapping(host, notes);
    resources.memory(Optional.ofNullable(last.get("resource/memory")), overrides.memory());
    resources.cpu(Optional.ofNullable(last.get("resource/cpu")), overrides.cpu(),
        Optional.ofNullable(last.get("os/linux/cpu-shares")));
    if (resources.refusal != null) {
      throw new JaciException(resources.refusal);
    }

    Optional<IsolatorSettings.Seccomp> seccomp = Optional.empty();
    Isolator seccompIsolator = last.containsKey("os/linux/seccomp-retain-set")
        ? last.get("os/linux/seccomp-retain-set") : last.get("os/linux/seccomp-remove-set");
    if (seccompIsolator != null) {
      if (host.seccomp()) {
        seccomp = SeccompMapping.map(seccompIsolator, notes);
      } else {
        notes.add(seccompIsolator.name() + ": this kernel has no seccomp filters, ignored");
      }
    }

    OptionalInt oomScoreAdj = OptionalInt.empty();
    if (last.containsKey("os/linux/oom-score-adj")) {
      int wanted = last.get("os/linux/oom-score-adj").value().asInt();
      if (host.root() || wanted >= host.oomScoreAdj()) {
        oomScoreAdj = OptionalInt.of(wanted);
      } else {
        notes.add("os/linux/oom-score-adj: " + wanted + " is below jaci's own "
            + host.oomScoreAdj() + ", which only root may do, ignored");
      }
    }

    Map<String, String> sysctls = Map.of();
    if (last.containsKey("os/unix/sysctl")) {
      Map<String, String> wanted = new LinkedHashMap<>();
      last.get("os/unix/sysctl").value().fields()
          .forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
      sysctls = Sysctls.keep(wanted, ownNetworkNamespace, notes);
    }

    boolean noNewPrivileges = last.containsKey("os/linux/no-new-privileges")
        && last.get("os/linux/no-new-privileges").value().asBoolean();
    return new IsolatorSettings(resources.memoryLimit, resources.memoryReservation,
        resources.cpuQuota, IsolatorSettings.CPU_PERIOD_MICROS, resources.cpuShares,
        List.copyOf(caps), noNewPrivileges, seccomp, oomScoreAdj, sysctls,
        Rlimits.forApp(host.rlimits()), notes);
  }

  private static List<String> capabilities(Isolator isolator, List<String> notes) {
    List<String> names = new ArrayList<>();
    for (JsonNode item : isolator.value().get("set")) {
      if (Capabilities.LINUX.contains(item.asText())) {
        names.add(item.asText());
      } else {
        notes.add(isolator.name() + ": " + item.asText() + " is not a Linux capability, ignored");
      }
    }
    return names;
  }
}
