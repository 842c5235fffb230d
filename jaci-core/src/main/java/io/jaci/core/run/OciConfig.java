package io.jaci.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An OCI runtime {@code config.json} for one process of an app (its main command or an event
 * handler), put together from one class per concern: {@link OciProcess}, {@link OciMounts},
 * {@link OciLinux}. Written without starting anything, so a test can read it.
 *
 * <pre>{@code
 * {"ociVersion": "1.0.2", "root": {"path": "/store/pods/UUID/apps/app/rootfs",
 *  "readonly": false}, "process": {...}, "mounts": [...], "linux": {...}}
 * }</pre>
 */
final class OciConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a config is for: the rootfs, user namespace or not, cgroup path, pod files. */
  record Context(Path rootfs, boolean userNamespace, boolean ownNetwork, String cgroupsPath,
      List<BindMount> podFiles) {}

  private OciConfig() {}

  static ObjectNode of(AppSpec app, List<String> args, boolean terminal, Context c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ociVersion", "1.0.2");
    ObjectNode root = o.putObject("root");
    root.put("path", c.rootfs().toString());
    root.put("readonly", app.readOnlyRootfs());
    o.set("process", OciProcess.of(app, args, terminal));
    o.set("mounts", OciMounts.of(app, c.userNamespace(), c.ownNetwork(), c.podFiles()));
    // without root there are no cgroups to write to on a cgroup v1 host
    o.set("linux", OciLinux.of(app, c.cgroupsPath(), !c.userNamespace()));
    return o;
  }

  static void write(ObjectNode config, Path bundle) throws IOException {
    Files.createDirectories(bundle);
    Files.write(bundle.resolve("config.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
  }
}
