package io.jaci.core.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The script of a pod's holder: {@code sh} as pid 1 of the pod's own pid namespace, inside the
 * pod's mount, IPC, UTS (and network, user) namespaces, made by {@code unshare}. It mounts the
 * apps' overlays there (so they vanish with the pod, even when jaci is killed), sets the host
 * name, brings up loopback, runs each app's pre-start handler, main process and post-stop
 * handler through the runtime, records exit codes, and forwards INT, TERM and HUP to the
 * runtime processes (which pass them on to the apps).
 */
final class PodScript {
  /**
   * The environment variable that, set to 1, makes every overlay rootfs a copy of its tree, as
   * where overlayfs cannot be mounted (for tests of that fallback).
   */
  static final String COPY_VARIABLE = "JACI_RUN_COPY";

  private final PodDirectory dir;
  private final PodSpec pod;
  private final Runtime runtime;
  private final String ip;
  private final String hostnameTool;
  private final boolean waitForNetwork;
  private final boolean copyOnly = "1".equals(System.getenv(COPY_VARIABLE));

  /**
   * @param ip the {@code ip} program for loopback in a pod's own network, or null
   * @param hostnameTool the {@code hostname} program
   * @param waitForNetwork whether apps start only once jaci has made the network ready
   */
  PodScript(PodDirectory dir, PodSpec pod, Runtime runtime, String ip, String hostnameTool,
      boolean waitForNetwork) {
    this.waitForNetwork = waitForNetwork;
    this.dir = dir;
    this.pod = pod;
    this.runtime = runtime;
    this.ip = ip;
    this.hostnameTool = hostnameTool;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String quote(Path p) {
    return quote(p.toString());
  }

  private String command(List<String> words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      b.append(b.length() == 0 ? "" : " ").append(quote(w));
    }
    return b.toString();
  }

  String text() {
    StringBuilder s = new StringBuilder();
    s.append("# the holder of pod ").append(pod.uuid()).append(", written by jaci run\n");
    s.append("set -u\n");
    s.append("read hp _ < /proc/self/stat && echo \"$hp\" > ").append(quote(dir.holderPid()))
        .append('\n');
    // the pod's own /proc from here on (its pid namespace), which the runtime reads
    s.append("mount -t proc -o nosuid,nodev,noexec proc /proc || exit 125\n");
    if (pod.net().ownNamespace()) {
      s.append(ip == null ? "" : quote(ip) + " link set lo up || exit 125\n");
    }
    // the pod's UTS namespace: the kernel's file where it may be written (as root, no process
    // to start), else sethostname(2) through the tool (in a user namespace the file is refused)
    s.append("{ printf %s ").append(quote(pod.hostname()))
        .append(" > /proc/sys/kernel/hostname; } 2>/dev/null || ").append(quote(hostnameTool))
        .append(' ').append(quote(pod.hostname())).append(" || exit 125\n");
    if (waitForNetwork) {
      // jaci sets up the network (and metadata relay) in this namespace, then says so
      s.append("n=0\nwhile [ ! -e ").append(quote(dir.networkReady()))
          .append(" ]; do\n  n=$((n + 1))\n  [ $n -gt 600 ] && exit 125\n  sleep 0.05\ndone\n");
    }
    String why = copyOnly ? COPY_VARIABLE + "=1 is set" : "overlayfs cannot be mounted here";
    s.append("overlay() {\n"
        + (copyOnly ? "" : "  mount -t overlay overlay -o \"lowerdir=$1,upperdir=$2,workdir=$3\" "
        + "\"$4\" 2>/dev/null && return 0\n")
        + "  if [ ! -e " + quote(dir.path().resolve("copied")) + " ]; then\n"
        + "    echo 'jaci: warning: " + why + ": copying the image tree "
        + "for each app instead (slower, uses disk)' >&2\n"
        + "    : > " + quote(dir.path().resolve("copied")) + "\n"
        + "  fi\n"
        + "  cp -a \"$1/.\" \"$4/\" || exit 125\n"
        + "}\n");
    s.append("forward() {\n  for f in ").append(quote(dir.path().resolve("apps")))
        .append("/*/runtime.pid; do\n"
            + "    [ -s \"$f\" ] && kill -s \"$1\" \"$(cat \"$f\")\" 2>/dev/null\n  done\n}\n");
    s.append("trap 'forward INT' INT\ntrap 'forward TERM' TERM\ntrap 'forward HUP' HUP\n");
    s.append("exec 3<&0\n");
    for (int i = 0; i < pod.apps().size(); i++) {
      appendApp(s, pod.apps().get(i), i == 0);
    }
    s.append("pids=\"");
    for (int i = 0; i < pod.apps().size(); i++) {
      s.append(i == 0 ? "" : " ").append("$p").append(i);
    }
    s.append("\"\n");
    s.append("for p in $pids; do\n  while kill -0 \"$p\" 2>/dev/null; do wait \"$p\"; done\n"
        + "done\n");
    return s.toString();
  }

  private void appendApp(StringBuilder s, AppSpec app, boolean first) {
    String name = app.name().toString();
    Path d = dir.app(name);
    if (app.rootfs() instanceof AppSpec.Overlay o) {
      s.append("overlay ").append(quote(o.lower())).append(' ').append(quote(d.resolve("upper")))
          .append(' ').append(quote(d.resolve("work"))).append(' ')
          .append(quote(d.resolve("rootfs"))).append('\n');
      s.append(TreeOwnership.script(d, d.resolve("rootfs")));
    } else if (app.rootfs() instanceof AppSpec.InPlace p && p.keepOwners()) {
      s.append(TreeOwnership.script(d, p.rootfs()));
    }
    String stdin = first ? " <&3" : " </dev/null";
    String id = dir.containerId(name);
    Path state = dir.runtimeState();
    s.append("(\n");
    if (!app.preStart().isEmpty()) {
      s.append("  ").append(command(runtime.run(state, id + "-prestart", d.resolve("prestart"))))
          .append(" </dev/null\n  r=$?\n  if [ $r -ne 0 ]; then\n    echo \"jaci: ")
          .append(name).append(": the pre-start handler exited with $r\" >&2\n    echo $r > ")
          .append(quote(d.resolve("exit"))).append("\n    exit 0\n  fi\n");
    }
    s.append("  ").append(command(runtime.run(state, id, d.resolve("bundle")))).append(stdin)
        .append(" &\n  echo $! > ").append(quote(d.resolve("runtime.pid"))).append('\n');
    // the exit file's modification time is the app's exit time (no process to start for it)
    s.append("  wait $!\n  r=$?\n  echo $r > ").append(quote(d.resolve("exit"))).append('\n');
    if (app.rootfs() instanceof AppSpec.InPlace p && p.keepOwners()) {
      s.append(TreeOwnership.keepScript(d, p.rootfs()));
    }
    if (!app.postStop().isEmpty()) {
      s.append("  ").append(command(runtime.run(state, id + "-poststop", d.resolve("poststop"))))
          .append(" </dev/null\n");
    }
    s.append(") &\np").append(pod.apps().indexOf(app)).append("=$!\n");
  }
}
