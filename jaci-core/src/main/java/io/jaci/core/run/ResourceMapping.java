package io.jaci.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.jaci.core.spec.Isolator;
import io.jaci.core.spec.ResourceQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The resource isolators ({@code resource/memory}, {@code resource/cpu}, {@code
 * os/linux/cpu-shares}) and their overrides as cgroup settings, with a note for each that this
 * host cannot enforce.
 */
final class ResourceMapping {
  private static final long MIN_CPU_QUOTA = 1000; // the kernel's minimum: 1 ms
  private static final long MIN_SHARES = 2;
  private static final long MAX_SHARES = 262144;

  private final HostFacts host;
  private final List<String> notes;
  OptionalLong memoryLimit = OptionalLong.empty();
  OptionalLong memoryReservation = OptionalLong.empty();
  OptionalLong cpuQuota = OptionalLong.empty();
  OptionalLong cpuShares = OptionalLong.empty();
  /** Set when an option the user gave ({@code --memory}, {@code --cpu}) cannot be enforced. */
  String refusal;

  ResourceMapping(HostFacts host, List<String> notes) {
    this.host = host;
    this.notes = notes;
  }

  private boolean usable(String what, String controller) {
    if (host.canUse(controller)) {
      return true;
    }
    if (what.startsWith("--")) {
      // Asked for on the command line: running without it would not be what the user meant.
      refusal = what + " cannot be enforced here: " + whyNot(controller) + "; run without "
          + what;
    } else {
      notes.add(what + ": cannot be enforced here, " + whyNot(controller) + "; ignored");
    }
    return false;
  }

  private String whyNot(String controller) {
    return switch (host.cgroups()) {
      case NONE -> "no cgroup file system is mounted";
      case V1 -> host.root() ? "the cgroup v1 " + controller + " controller is not mounted"
          : "a user other than root cannot set cgroup v1 limits";
      case V2 -> host.root() ? "the cgroup v2 " + controller + " controller is not enabled"
          : "the " + controller + " controller is not delegated to this user (systemd "
              + "Delegate=yes in user@.service)";
    };
  }

  void memory(Optional<Isolator> isolator, Optional<ResourceQuantity> override) {
    // ace.md, Resource Isolators: "If request is omitted, it defaults to the value of limit."
    Optional<ResourceQuantity> limit =
        override.or(() -> isolator.flatMap(i -> quantity(i, "limit")));
    Optional<ResourceQuantity> request =
        isolator.flatMap(i -> quantity(i, "request")).or(() -> limit);
    if (limit.isEmpty() && request.isEmpty()) {
      return;
    }
    String what = override.isPresent() ? "--memory" : "resource/memory";
    if (!usable(what, "memory")) {
      return;
    }
    OptionalLong limitBytes =
        limit.map(q -> OptionalLong.of(bytes(q))).orElse(OptionalLong.empty());
    OptionalLong requestBytes =
        request.map(q -> OptionalLong.of(bytes(q))).orElse(OptionalLong.empty());
    if (limitBytes.isPresent() && limitBytes.getAsLong() == 0) {
      notes.add(what + ": a limit of 0 bytes cannot run anything, ignored");
      limitBytes = OptionalLong.empty();
    }
    if (limitBytes.isPresent() && requestBytes.isPresent()
        && requestBytes.getAsLong() > limitBytes.getAsLong()) {
      notes.add("resource/memory: request " + request.get() + " is above the limit "
          + limit.get() + ", lowered to it");
      requestBytes = limitBytes;
    }
    memoryLimit = limitBytes;
    memoryReservation = requestBytes.isPresent() && requestBytes.getAsLong() > 0
        ? requestBytes : OptionalLong.empty();
  }

  void cpu(Optional<Isolator> isolator, Optional<ResourceQuantity> override,
      Optional<Isolator> sharesIsolator) {
    Optional<ResourceQuantity> limit =
        override.or(() -> isolator.flatMap(i -> quantity(i, "limit")));
    Optional<ResourceQuantity> request =
        isolator.flatMap(i -> quantity(i, "request")).or(() -> limit);
    if (limit.isPresent() && usable(override.isPresent() ? "--cpu" : "resource/cpu", "cpu")) {
      long quota = limit.get().amount()
          .multiply(BigDecimal.valueOf(IsolatorSettings.CPU_PERIOD_MICROS))
          .setScale(0, RoundingMode.CEILING).min(BigDecimal.valueOf(Long.MAX_VALUE))
          .longValue();
      if (quota < MIN_CPU_QUOTA) {
        notes.add("resource/cpu: limit " + limit.get()
            + " is below the kernel's smallest quota, raised to 10m");
        quota = MIN_CPU_QUOTA;
      }
      cpuQuota = OptionalLong.of(quota);
    }
    if (sharesIsolator.isPresent()) {
      if (usable("os/linux/cpu-shares", "cpu")) {
        cpuShares = OptionalLong.of(sharesIsolator.get().value().asLong());
      }
    } else if (request.isPresent() && isolator.isPresent()
        && usable("resource/cpu request", "cpu")) {
      // A request is a guaranteed share under contention: 1024 shares per core, as the
      // kernel's default weight of 1024 is one process's fair share.
      long shares = request.get().amount().multiply(BigDecimal.valueOf(1024))
          .setScale(0, RoundingMode.HALF_UP).min(BigDecimal.valueOf(MAX_SHARES)).longValue();
      cpuShares = OptionalLong.of(Math.max(MIN_SHARES, shares));
    }
  }

  private static Optional<ResourceQuantity> quantity(Isolator isolator, String field) {
    JsonNode node = isolator.value().get(field);
    return node == null || node.isNull() ? Optional.empty()
        : Optional.of(ResourceQuantity.parse(node.asText()));
  }

  /** ace.md: quantities are whole base units; a fraction of a byte is rounded up. */
  private static long bytes(ResourceQuantity q) {
    return q.amount().setScale(0, RoundingMode.CEILING)
        .min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
  }
}
