package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.Timing;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.render.TreeCache;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.App;
import io.jaci.core.spec.EventHandler;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns a {@link PodRequest} into a {@link PodSpec}: finds each image (importing an ACI file,
 * rendering a stored image into the tree cache once), and resolves each app's command,
 * environment, user, mounts and isolators, so that every error is found before anything starts.
 */
public final class PodPlanner {
  private final ImageStore store;
  private final HostFacts host;
  private ProgressListener progress = ProgressListener.NONE;
  private Consumer<String> warnings = w -> {};
  private MetadataService metadata;

  private PodPlanner(ImageStore store, HostFacts host) {
    this.store = store;
    this.host = host;
  }

  public static PodPlanner of(ImageStore store, HostFacts host) {
    return new PodPlanner(store, host);
  }

  public PodPlanner progress(ProgressListener value) {
    this.progress = value;
    return this;
  }

  public PodPlanner warnings(Consumer<String> value) {
    this.warnings = value;
    return this;
  }

  /**
   * The pod's metadata service: its URL becomes the apps' AC_METADATA_URL (in a pod network
   * of its own, {@link PodNetworking} makes the same URL answer), and it serves the pod once
   * planned.
   */
  public PodPlanner metadata(MetadataService value) {
    this.metadata = value;
    return this;
  }

  /** An image found: its identity for the pod's state, manifest, tree and how to mount it. */
  private record Found(String id, ImageManifest manifest, Path tree, AppSpec.RootfsSource rootfs) {}

  public PodSpec plan(PodRequest request) throws JaciException {
    UUID uuid = UUID.randomUUID();
    List<Found> found = new ArrayList<>();
    for (AppRequest a : request.apps()) {
      found.add(find(a.image(), request.inPlace()));
    }
    List<AcName> names = new ArrayList<>();
    List<MountPlan.AppRequest> mountRequests = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      AppRequest a = request.apps().get(i);
      Found f = found.get(i);
      AcName name = a.name().map(AcName::parse)
          .orElseGet(() -> AcName.sanitize(lastPart(f.manifest().name().toString())));
      names.add(name);
      mountRequests.add(new MountPlan.AppRequest(name.toString(), app(f).mountPoints(),
          a.mounts()));
    }
    MountPlan mounts = MountPlan.resolve(request.volumes(), mountRequests);
    mounts.warnings().forEach(warnings);
    Path pod = PodDirectory.of(PodDirectory.podsOf(store.root()), uuid).path();
    List<AppSpec> apps = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      apps.add(appSpec(names.get(i), request, request.apps().get(i), found.get(i),
          mounts.apps().get(i), PodDirectory.of(PodDirectory.podsOf(store.root()), uuid)));
    }
    Timing.mark("apps resolved");
    if (metadata != null) {
      metadata.serve(PodMetadataOfImages.of(store, uuid, names,
          found.stream().map(Found::id).toList()));
    }
    Timing.mark("metadata served");
    String hostname = request.hostname().orElse(PodSpec.defaultHostname(uuid));
    List<String> hosts = request.hostsEntries().stream().map(PodPlanner::hostsEntry).toList();
    List<String> dns = request.dns().equals(List.of("host")) ? List.of() : request.dns();
    return new PodSpec(uuid, apps, mounts.volumes(), request.net(), hostname, hosts, dns,
        ports(request.ports(), found), request.interactive());
  }

  /** {@code --port NAME:HOSTPORT}: NAME is a port of one of the pod's images. */
  private static List<PortForward> ports(List<String> options, List<Found> found)
      throws JaciException {
    List<PortForward> forwards = new ArrayList<>();
    for (String option : options) {
      int colon = option.lastIndexOf(':');
      int hostPort;
      try {
        hostPort = Integer.parseInt(option.substring(colon + 1));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new JaciException("invalid --port \"" + option + "\": use NAME:HOSTPORT");
      }
      String name = colon < 0 ? option : option.substring(0, colon);
      io.jaci.core.spec.Port port = found.stream()
          .flatMap(f -> app(f).ports().stream())
          .filter(p -> p.name().toString().equals(name)).findFirst()
          .orElseThrow(() -> new JaciException("--port " + option + ": no image of the pod "
              + "has a port named \"" + name + "\""));
      try {
        forwards.add(new PortForward(port.protocol(), "0.0.0.0", hostPort, port.port()));
      } catch (IllegalArgumentException e) {
        throw new JaciException("--port " + option + ": " + e.getMessage());
      }
    }
    return forwards;
  }

  private static String hostsEntry(String option) {
    int eq = option.indexOf('=');
    return eq < 0 ? option : option.substring(0, eq) + " " + option.substring(eq + 1);
  }

  private static String lastPart(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static App app(Found f) {
    // an image without an app runs as root, with the command given on the command line
    return f.manifest().app().orElse(App.builder().user("0").group("0").build());
  }

  private AppSpec appSpec(AcName name, PodRequest pod, AppRequest a, Found f,
      List<AppMount> mounts, PodDirectory dir) throws JaciException {
    App app = app(f);
    List<String> command = new ArrayList<>();
    if (a.exec().isPresent()) {
      command.add(a.exec().get());
    } else {
      command.addAll(app.exec());
    }
    command.addAll(a.args());
    Map<String, String> fromFiles = new LinkedHashMap<>();
    for (Path file : a.setEnvFiles()) {
      fromFiles.putAll(AppEnvironment.readEnvFile(file));
    }
    Map<String, String> setEnv = new LinkedHashMap<>();
    for (String e : a.setEnv()) {
      var v = AppEnvironment.parseSetEnv(e);
      setEnv.put(v.name(), v.value());
    }
    AppEnvironment env = AppEnvironment.resolve(app.environment(),
        a.inheritEnv() ? System.getenv() : Map.of(), fromFiles, setEnv, name.toString(),
        metadata != null ? metadata.url() : null);
    AppIdentity id = ImageUsers.read(f.tree()).resolve(a.user().orElse(app.user()),
        a.group().orElse(app.group()), a.supplementaryGids().orElse(app.supplementaryGIDs()));
    IsolatorSettings isolators = IsolatorMapping.map(app.isolators(), a.resources(), host,
        pod.net() != NetMode.HOST);
    isolators.unenforceable().forEach(w -> warnings.accept(name + ": " + w));
    List<BindMount> binds = new ArrayList<>();
    for (AppMount m : mounts) {
      Path source = m.volume().source().orElse(dir.volume(m.volume().name().toString()));
      binds.add(new BindMount(source, m.target(), m.readOnly()));
    }
    return new AppSpec(name, f.id(), f.rootfs(), command, env.entries(), (int) id.uid(),
        (int) id.gid(), id.additionalGids().stream().map(Long::intValue).toList(),
        a.workingDirectory().orElse(app.workingDirectory().isEmpty() ? "/"
            : app.workingDirectory()),
        binds, a.readOnlyRootfs(), handler(app, "pre-start"), handler(app, "post-stop"),
        isolators);
  }

  private static List<String> handler(App app, String name) {
    return app.eventHandlers().stream().filter(h -> h.name().equals(name))
        .map(EventHandler::exec).findFirst().orElse(List.of());
  }

  /**
   * Without root, the pod's user namespace maps only the user's IDs (and its subordinate
   * ranges): an overlay over a tree of other owners cannot copy those files up.
   */
  private void requireOwnTree(Path rootfs) throws JaciException {
    if (Signals.euid() == 0) {
      return;
    }
    try {
      int uid = (Integer) Files.getAttribute(rootfs, "unix:uid");
      int gid = (Integer) Files.getAttribute(rootfs, "unix:gid");
      if (uid != Signals.euid() || (host.subgids().isEmpty() && gid != Signals.egid())) {
        throw new JaciException(rootfs + ": owned by " + uid + ":" + gid + "; without root a "
            + "layout runs only when its tree is yours (uid and gid), e.g. one made by jaci "
            + "begin as you");
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(rootfs, e), e);
    }
  }

  private Found find(String image, boolean inPlace) throws JaciException {
    Path path = Path.of(image);
    if (Files.isDirectory(path)) {
      Path rootfs = path.resolve("rootfs").toAbsolutePath().normalize();
      ImageManifest manifest;
      try {
        manifest = ManifestJson.parse(Files.readAllBytes(path.resolve("manifest")));
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(path.resolve("manifest"), e), e);
      } catch (InvalidManifestException e) {
        throw new JaciException(path.resolve("manifest") + ": " + e.getMessage(), e);
      }
      if (!Files.isDirectory(rootfs)) {
        throw new JaciException(path + ": not an image layout (no rootfs/ directory)");
      }
      requireOwnTree(rootfs);
      return new Found(path.toAbsolutePath().normalize().toString(), manifest, rootfs,
          inPlace ? AppSpec.RootfsSource.inPlace(rootfs) : AppSpec.RootfsSource.overlay(rootfs));
    }
    if (inPlace) {
      throw new JaciException(image + ": --in-place needs an image layout directory");
    }
    StoredImage stored = ImageStore.isAciPath(image)
        ? store.importAciFileOnce(path, progress) : store.resolve(image);
    Timing.mark("image resolved");
    Path tree = ImageRenderer.of(StoreImages.of(store)).progress(progress)
        .treeCache(new TreeCache(store.treesDirectory())).cachedTree(stored.id());
    Timing.mark("tree cache checked");
    return new Found(stored.id().toString(), stored.manifest(), tree,
        AppSpec.RootfsSource.overlay(tree));
  }
}
