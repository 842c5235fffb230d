package io.jaci.core.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table of the platforms jaci names, in each vocabulary it meets: appc's {@code os} and
 * {@code arch} labels, Debian's architecture, OCI's (Go's) {@code os}/{@code architecture}/
 * {@code variant}, and the JVM's {@code os.arch}. {@link HostPlatform}, the Debian and the
 * Docker/OCI conversions all read it, so a platform is added (or corrected) in one place.
 * Where one name has several rows (OCI {@code arm/v7} is appc {@code armv7l} and
 * {@code armv7b}), the first row wins.
 */
public final class PlatformTable {
  /**
   * One platform.
   *
   * @param appcOs appc's {@code os} label
   * @param appcArch appc's {@code arch} label for that os
   * @param debianArch Debian's architecture, or null when Debian has none (or not for this os)
   * @param goArch the OCI {@code architecture}
   * @param goVariant the OCI {@code variant}: empty for none, null for any
   * @param jvmArchs the JVM {@code os.arch} values of a machine of this platform
   */
  public record Entry(String appcOs, String appcArch, String debianArch, String goArch,
      String goVariant, List<String> jvmArchs) {}

  private static final List<String> X86 = List.of("x86", "i386", "i486", "i586", "i686");
  private static final List<String> X86_64 = List.of("amd64", "x86_64");

  private static final List<Entry> ROWS = List.of(
      new Entry("linux", "amd64", "amd64", "amd64", "", X86_64),
      new Entry("linux", "i386", "i386", "386", "", X86),
      new Entry("linux", "aarch64", "arm64", "arm64", "", List.of("aarch64")),
      new Entry("linux", "aarch64_be", null, "arm64be", "", List.of()),
      new Entry("linux", "armv7l", "armhf", "arm", "v7", List.of("arm")),
      new Entry("linux", "armv6l", "armel", "arm", "v6", List.of()),
      new Entry("linux", "armv7b", null, "arm", "v7", List.of()),
      new Entry("linux", "ppc64le", "ppc64el", "ppc64le", "", List.of("ppc64le")),
      new Entry("linux", "ppc64", "ppc64", "ppc64", "", List.of("ppc64")),
      new Entry("linux", "s390x", "s390x", "s390x", "", List.of("s390x")),
      new Entry("freebsd", "amd64", null, "amd64", "", X86_64),
      new Entry("freebsd", "i386", null, "386", "", X86),
      new Entry("freebsd", "arm", null, "arm", null, List.of("arm")),
      new Entry("darwin", "x86_64", null, "amd64", "", X86_64),
      new Entry("darwin", "i386", null, "386", "", X86));

  private PlatformTable() {}

  /** Every row, in the order lookups try them. */
  public static List<Entry> entries() {
    return ROWS;
  }

  /** The first row with appc arch {@code appcArch}, for any os. */
  public static Optional<Entry> byAppcArch(String appcArch) {
    return ROWS.stream().filter(e -> e.appcArch().equals(appcArch)).findFirst();
  }

  /** The row of a Debian architecture ({@code arm64}, {@code armhf}, ...). */
  public static Optional<Entry> byDebianArch(String debianArch) {
    return ROWS.stream().filter(e -> debianArch.equals(e.debianArch())).findFirst();
  }

  /**
   * The row of an OCI platform. An {@code arm} without variant is {@code v7} (as Docker takes
   * it), an {@code arm64} of variant {@code v8} is the plain one.
   *
   * @param variant empty when none
   */
  public static Optional<Entry> byOci(String os, String goArch, String variant) {
    String v = goArch.equals("arm") && variant.isEmpty() ? "v7"
        : goArch.equals("arm64") && variant.equals("v8") ? "" : variant;
    return ROWS.stream().filter(e -> e.appcOs().equals(os) && e.goArch().equals(goArch)
        && (e.goVariant() == null || e.goVariant().equals(v))).findFirst();
  }

  /** The row of a machine whose JVM says {@code os.arch} = {@code jvmArch}, for appc os {@code os}. */
  public static Optional<Entry> byJvmArch(String os, String jvmArch) {
    String a = jvmArch.toLowerCase(Locale.ROOT);
    return ROWS.stream().filter(e -> e.appcOs().equals(os) && e.jvmArchs().contains(a))
        .findFirst();
  }
}
