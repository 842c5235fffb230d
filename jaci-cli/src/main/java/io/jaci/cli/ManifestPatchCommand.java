package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.AciRewriter;
import io.jaci.core.aci.ManifestPatch;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "patch", mixinStandardHelpOptions = true,
    description = {"Write a copy of an ACI with a changed manifest; every other entry is copied "
        + "unchanged. Prints the new image ID.",
        "  jaci manifest patch [flags] IN.aci OUT.aci",
        "  jaci manifest patch [flags] --replace IN.aci"})
final class ManifestPatchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..2", paramLabel = "IN.aci [OUT.aci]")
  List<Path> files;

  @Option(names = "--replace", description = "Replace IN.aci instead of writing OUT.aci.")
  boolean replace;

  @Option(names = "--overwrite", description = "Replace OUT.aci if it exists.")
  boolean overwrite;

  @Option(names = "--compression", paramLabel = "gzip|bzip2|xz|none",
      description = "Compression of the copy (default: that of IN.aci).")
  String compression;

  @Option(names = "--no-compression", description = "Same as --compression none (as actool).")
  boolean noCompression;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "Replace the whole manifest with this file (no other changes then).")
  Path manifestFile;

  @Option(names = "--name", paramLabel = "NAME[:VERSION][,LABEL=VALUE...]",
      description = "Replace the name (and set the version label and other labels given).")
  String name;

  @Option(names = "--exec", description = "Replace the command line (split on spaces).")
  String exec;

  @Option(names = "--exec-json", paramLabel = "JSON",
      description = "Replace the command line with a JSON array of strings, for arguments "
          + "with spaces: '[\"/bin/sh\",\"-c\",\"echo hi\"]'.")
  String execJson;

  @Option(names = "--user", description = "Replace the user.")
  String user;

  @Option(names = "--group", description = "Replace the group.")
  String group;

  @Option(names = "--supplementary-groups", paramLabel = "GID,...",
      description = "Replace the supplementary groups.")
  String supplementaryGroups;

  @Option(names = "--capability", paramLabel = "CAP,...",
      description = "Set the capabilities retain set.")
  String capability;

  @Option(names = "--revoke-capability", paramLabel = "CAP,...",
      description = "Set the capabilities remove set.")
  String revokeCapability;

  @Option(names = "--mounts", paramLabel = "N,path=P[,readOnly=true][:...]",
      description = "Add mount points (the name may also be given as name=N).")
  String mounts;

  @Option(names = "--ports",
      paramLabel = "N,protocol=P,port=N[,count=N][,socketActivated=true][:...]",
      description = "Add ports (the name may also be given as name=N).")
  String ports;

  @Option(names = "--isolators", paramLabel = "NAME,key=value...[:...]",
      description = "Add isolators, e.g. resource/memory,limit=1G or os/linux/no-new-privileges,true.")
  String isolators;

  @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Set a label (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--annotation", paramLabel = "NAME=VALUE",
      description = "Set an annotation (repeatable).")
  Map<String, String> annotations = new LinkedHashMap<>();

  @Override
  public Integer call() throws JaciException {
    Path in = files.get(0);
    Path out;
    if (replace) {
      if (files.size() != 1) {
        throw usage("give only IN.aci with --replace");
      }
      out = in;
    } else {
      if (files.size() != 2) {
        throw usage("give IN.aci and OUT.aci (or --replace IN.aci)");
      }
      out = files.get(1);
    }
    AciRewriter rewriter = AciRewriter.of(in).overwrite(overwrite);
    if (noCompression) {
      rewriter.compression(Compression.NONE);
    } else if (compression != null) {
      rewriter.compression(Options.aciCompression(spec, compression));
    }
    AciBuildResult result = rewriter.rewrite(out, change());
    spec.commandLine().getOut().println(result.imageId());
    return 0;
  }

  private UnaryOperator<ImageManifest> change() throws JaciException {
    ManifestPatch patch = new ManifestPatch();
    boolean any = false;
    try {
      ImageNaming naming = ImageNaming.parse(spec, name, labels);
      if (naming.name() != null) {
        patch.name(naming.name().value());
        any = true;
      }
      naming.labels().forEach(l -> patch.label(l.name().value(), l.value()));
      any |= !naming.labels().isEmpty();
      if (exec != null) {
        patch.exec(exec);
        any = true;
      }
      if (execJson != null) {
        patch.execJson(execJson);
        any = true;
      }
      if (user != null) {
        patch.user(user);
        any = true;
      }
      if (group != null) {
        patch.group(group);
        any = true;
      }
      if (supplementaryGroups != null) {
        patch.supplementaryGroups(supplementaryGroups);
        any = true;
      }
      if (capability != null) {
        patch.retainCapabilities(capability);
        any = true;
      }
      if (revokeCapability != null) {
        patch.revokeCapabilities(revokeCapability);
        any = true;
      }
      if (mounts != null) {
        patch.mounts(mounts);
        any = true;
      }
      if (ports != null) {
        patch.ports(ports);
        any = true;
      }
      if (isolators != null) {
        patch.isolators(isolators);
        any = true;
      }
      annotations.forEach(patch::annotation);
      any |= !annotations.isEmpty();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (manifestFile != null) {
      if (any) {
        throw usage("--manifest replaces the whole manifest: give no other change with it");
      }
      ImageManifest replacement = readManifest(manifestFile);
      return old -> replacement;
    }
    if (!any) {
      throw usage("nothing to change: give --manifest or at least one change (see --help)");
    }
    return patch;
  }

  private static ImageManifest readManifest(Path file) throws JaciException {
    try {
      return ManifestJson.parse(Files.readAllBytes(file));
    } catch (InvalidManifestException e) {
      throw new JaciException(file + ": invalid manifest: " + e.getMessage());
    } catch (IOException e) {
      throw new JaciException(io.jaci.core.io.IoMessages.about(file, e), e);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
