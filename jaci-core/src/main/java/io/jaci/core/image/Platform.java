package io.jaci.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jaci.core.spec.PlatformTable;
import java.util.Locale;
import java.util.Objects;

/**
 * An image platform as OCI indexes and Docker manifest lists describe it: {@code os},
 * {@code architecture} in Go's names ({@code amd64}, {@code arm64}, {@code 386}, ...) and an
 * optional {@code variant} ({@code v7}, {@code v8}).
 *
 * @param variant empty when not given (and then not written)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"architecture", "os", "variant"})
public record Platform(String os, String architecture, String variant) {
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
  }

  /**
   * Parses {@code OS/ARCH[/VARIANT]}, e.g. {@code linux/arm64/v8}.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || (parts.length == 3 && parts[2].isEmpty())) {
      throw new IllegalArgumentException("invalid platform \"" + text
          + "\": write OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm/v7");
    }
    return new Platform(parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT),
        parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : "");
  }

  /** The platform of the running JVM in Go's names (linux/amd64 on a usual PC). */
  public static Platform current() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String jvmArch = System.getProperty("os.arch", "amd64");
    String arch = PlatformTable.byJvmArch("linux", jvmArch).map(PlatformTable.Entry::goArch)
        .orElse(jvmArch);
    return new Platform(os.startsWith("linux") ? "linux" : os.split(" ")[0], arch, "");
  }

  /**
   * Whether an image of platform {@code offered} suits this wanted platform: same os and
   * architecture, and the same variant when this one names a variant ({@code arm64}'s
   * default variant {@code v8} matches an offer without variant).
   */
  public boolean accepts(Platform offered) {
    if (!os.equals(offered.os) || !architecture.equals(offered.architecture)) {
      return false;
    }
    return variant.isEmpty() || variant.equals(offered.variant)
        || (architecture.equals("arm64") && variant.equals("v8") && offered.variant.isEmpty());
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
