package io.jaci.core.dockerfile;

import io.jaci.core.dockerfile.Flags.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code RUN [--mount=...]... [--network=...] [--security=...] command}. */
final class RunParser {
  private RunParser() {}

  static Instruction.Run parse(Node n, Flags flags) throws DockerfileException {
    flags.allow(Kind.LIST, "mount").allow(Kind.STRING, "network", "security").parse(n.flags());
    List<RunMount> mounts = new ArrayList<>();
    for (String m : flags.list("mount")) {
      mounts.add(RunMount.parse(m));
    }
    String network = lower(flags.string("network"));
    if (network != null && !List.of("default", "none", "host").contains(network)) {
      throw new DockerfileException(0, "unsupported --network=" + network + " on RUN (default, "
          + "none or host)");
    }
    String security = lower(flags.string("security"));
    if (security != null && !List.of("sandbox", "insecure").contains(security)) {
      throw new DockerfileException(0, "unsupported --security=" + security + " on RUN (sandbox "
          + "or insecure)");
    }
    Command command = InstructionParser.command("RUN", n.rest());
    return new Instruction.Run(n.line(), n.original(), command, mounts, network, security,
        n.heredocs());
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
