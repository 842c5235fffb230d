package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An app's directory in its pod: the overlay's {@code upper/}, {@code work/} and mount point
 * {@code rootfs/}, one runtime bundle per process ({@code bundle/} for the app,
 * {@code prestart/} and {@code poststop/} for its event handlers), and what the holder writes
 * when the app exits ({@code exit}, whose modification time is the exit time).
 */
final class AppBundles {
  private AppBundles() {}

  static void write(PodDirectory dir, PodSpec pod, AppSpec app, boolean userNamespace)
      throws IOException {
    String name = app.name().toString();
    Path d = dir.app(name);
    Files.createDirectories(d);
    Path rootfs;
    Path imageTree;
    if (app.rootfs() instanceof AppSpec.Overlay o) {
      for (Path p : List.of(o.lower(), d)) {
        String s = p.toString();
        if (s.contains(",") || s.contains(":") || s.contains("\\")) {
          throw new IOException(s + ": an overlay path may not contain ',', ':' or '\\' "
              + "(use a store path without them)");
        }
      }
      Files.createDirectory(d.resolve("upper"));
      Files.createDirectory(d.resolve("work"));
      rootfs = Files.createDirectory(d.resolve("rootfs"));
      imageTree = o.lower();
    } else {
      rootfs = ((AppSpec.InPlace) app.rootfs()).rootfs();
      imageTree = rootfs;
    }
    OciConfig.Context context = new OciConfig.Context(rootfs, userNamespace,
        pod.net().ownNamespace(), "/jaci/" + dir.containerId(name),
        PodFiles.write(dir, pod, app, imageTree));
    boolean terminal = pod.interactive();
    OciConfig.write(OciConfig.of(app, app.args(), terminal, context), d.resolve("bundle"));
    if (!app.preStart().isEmpty()) {
      OciConfig.write(OciConfig.of(app, app.preStart(), false, context), d.resolve("prestart"));
    }
    if (!app.postStop().isEmpty()) {
      OciConfig.write(OciConfig.of(app, app.postStop(), false, context), d.resolve("poststop"));
    }
  }

  static OptionalInt exitCode(PodDirectory dir, String app) {
    try {
      return OptionalInt.of(Integer.parseInt(
          Files.readString(dir.app(app).resolve("exit")).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** When the app exited: when the holder wrote its exit code. */
  static Optional<Instant> exitTime(PodDirectory dir, String app) {
    try {
      return Optional.of(Files.getLastModifiedTime(dir.app(app).resolve("exit")).toInstant());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The names of the apps that have directories in the pod. */
  static List<String> names(PodDirectory dir) throws IOException {
    List<String> names = new ArrayList<>();
    Path apps = dir.path().resolve("apps");
    if (Files.isDirectory(apps)) {
      try (var s = Files.list(apps)) {
        s.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }
}
