package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.run.AppRequest;
import io.jaci.core.run.MetadataService;
import io.jaci.core.run.NetMode;
import io.jaci.core.run.PodHmacKey;
import io.jaci.core.run.PodNetworking;
import io.jaci.core.run.PodPlanner;
import io.jaci.core.run.PodRequest;
import io.jaci.core.run.PodRunner;
import io.jaci.core.run.PodSpec;
import io.jaci.core.run.ProbeEnvironment;
import io.jaci.core.run.Runc;
import io.jaci.core.run.Volume;
import io.jaci.core.store.ImageStore;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run images as one pod through an OCI runtime (runc): "
        + "jaci run [OPTIONS] IMAGE [APP-OPTIONS] [-- ARGS... ---] [IMAGE2 ...]",
        "IMAGE: a store REF, an .aci file (imported first) or an image layout DIR. An image's "
            + "arguments follow -- and end at --- (appended to its command). APP-OPTIONS after "
            + "an image are for that app: --exec --name --user --group --supplementary-gids "
            + "--set-env --set-env-file --inherit-env --working-dir --mount --readonly-rootfs "
            + "--memory --cpu; before the first image they hold for every app.",
        "Exit status: the app's own (the first non-zero one of a pod), 128+N when killed by "
            + "signal N; 1 or 2 for jaci's own failures."})
final class RunCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--volume", paramLabel = "NAME,kind=host|empty,...",
      description = "A pod volume: NAME,kind=host,source=PATH[,readOnly=true] or "
          + "NAME,kind=empty[,readOnly=true][,mode=0755][,uid=0][,gid=0].")
  List<String> volumes = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "volume=NAME,target=PATH",
      description = "Mount a volume in every app.")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--set-env", paramLabel = "K=V") List<String> setEnv = new ArrayList<>();
  @Option(names = "--set-env-file", paramLabel = "FILE") List<Path> envFiles = new ArrayList<>();
  @Option(names = "--inherit-env") boolean inheritEnv;
  @Option(names = "--user") String user;
  @Option(names = "--group") String group;
  @Option(names = "--supplementary-gids", paramLabel = "G1,G2") String supplementaryGids;
  @Option(names = "--working-dir", paramLabel = "DIR") String workingDir;
  @Option(names = "--readonly-rootfs") boolean readOnlyRootfs;
  @Option(names = "--memory", paramLabel = "QUANTITY") String memory;
  @Option(names = "--cpu", paramLabel = "QUANTITY") String cpu;

  @Option(names = "--interactive",
      description = "Give the app a terminal (needs one; without it stdin is passed through).")
  boolean interactive;

  @Option(names = "--net", paramLabel = "host|none|private", defaultValue = "host")
  String net;

  @Option(names = "--port", paramLabel = "NAME:HOSTPORT") List<String> ports = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "IP|host|none",
      description = "Name servers for /etc/resolv.conf (default: the host's file).")
  List<String> dns = new ArrayList<>();

  @Option(names = "--hostname", paramLabel = "H") String hostname;

  @Option(names = "--hosts-entry", paramLabel = "IP=HOST") List<String> hostsEntries =
      new ArrayList<>();

  @Option(names = "--in-place",
      description = "Run a layout DIR in DIR/rootfs itself, writable (no overlay).")
  boolean inPlace;

  @Option(names = "--uuid-file-save", paramLabel = "FILE",
      description = "Write the pod's UUID to FILE.")
  Path uuidFile;

  @Option(names = "--runtime", paramLabel = "PATH", description = "An OCI runtime (runc).")
  String runtime;

  @Parameters(paramLabel = "IMAGE", arity = "1..*",
      description = "Images with their app options and arguments.")
  List<String> images = new ArrayList<>();

  @Override
  public Integer call() throws JaciException {
    Timing.mark("arguments parsed");
    Console console = new Console(spec, main);
    PodRequest request = request();
    Runc runc = Runc.find(runtime);
    int code;
    try (ImageStore store = main.openStore();
        MetadataService metadata = metadata()) {
      PodSpec pod = PodPlanner.of(store, ProbeEnvironment.probe()).metadata(metadata)
          .progress(console.progress()).warnings(console::warn).plan(request);
      if (uuidFile != null) {
        writeUuid(pod);
      }
      code = PodRunner.of(io.jaci.core.run.PodDirectory.podsOf(store.root()), runc)
          .warnings(console::warn).network(pod.net() == NetMode.HOST ? null
              : (pid, dir) -> PodNetworking.start(pod, metadata, pid, dir))
          .run(pod).exitCode();
    }
    Timing.mark("store and metadata service closed");
    return code;
  }

  private MetadataService metadata() throws JaciException {
    Timing.mark("store open");
    MetadataService m = main.runStart != null ? main.runStart.metadata()
        : MetadataService.bind(PodHmacKey.generate(), InetAddress.getLoopbackAddress());
    Timing.mark("metadata service bound");
    return m;
  }

  private void writeUuid(PodSpec pod) throws JaciException {
    try {
      Files.writeString(uuidFile, pod.uuid() + "\n");
    } catch (java.io.IOException e) {
      throw new JaciException(io.jaci.core.io.IoMessages.about(uuidFile, e), e);
    }
  }

  private PodRequest request() {
    try {
      RunArguments.Defaults defaults = new RunArguments.Defaults(Optional.ofNullable(user),
          Optional.ofNullable(group),
          supplementaryGids == null ? Optional.empty()
              : Optional.of(RunArguments.gids(supplementaryGids)),
          setEnv, envFiles, inheritEnv, Optional.ofNullable(workingDir), mountRequests(),
          readOnlyRootfs, Optional.ofNullable(memory), Optional.ofNullable(cpu));
      List<AppRequest> apps = RunArguments.parse(images, defaults);
      List<Volume> vols = new ArrayList<>();
      for (String v : volumes) {
        vols.add(Volume.parse(v));
      }
      if (interactive && System.console() == null) {
        throw new IllegalArgumentException("--interactive needs a terminal on standard input "
            + "and output (without it, standard input is passed through)");
      }
      return new PodRequest(apps, vols, NetMode.parse(net), Optional.ofNullable(hostname),
          hostsEntries, dns.isEmpty() ? List.of("host") : dns, ports, interactive, inPlace);
    } catch (RunArguments.UsageException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private List<io.jaci.core.run.MountRequest> mountRequests()
      throws RunArguments.UsageException {
    List<io.jaci.core.run.MountRequest> list = new ArrayList<>();
    for (String m : mounts) {
      list.add(RunArguments.mount(m));
    }
    return list;
  }
}
