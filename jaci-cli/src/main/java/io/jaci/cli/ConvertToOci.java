package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.oci.AciToOci;
import io.jaci.core.oci.DockerArchiveSink;
import io.jaci.core.oci.OciLayoutSink;
import io.jaci.core.oci.OciSink;
import io.jaci.core.oci.RegistrySink;
import io.jaci.core.registry.Digest;
import io.jaci.core.registry.RegistryClient;
import io.jaci.core.render.StoreImages;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * jaci convert to the Docker/OCI side (registry, docker-archive, OCI layout): picks the
 * source (a stored image, or an ACI file with its dependencies from the store when they are
 * all there, else its own files with a warning) and the sink, and prints the digest.
 */
final class ConvertToOci {
  private ConvertToOci() {}

  static int run(ConvertCommand command, Console console, ImageLocation from, ImageLocation to)
      throws JaciException {
    if (command.layered) {
      throw usage(command, "--layered is for Docker/OCI -> ACI; ACI -> Docker/OCI is layered"
          + " unless --squash");
    }
    if (from instanceof ImageLocation.Store s && s.ref() == null) {
      throw usage(command, "store: as a source needs an image: store:REF");
    }
    RegistryClient client = to instanceof ImageLocation.Registry ? command.registryClient() : null;
    ImageStore store = null;
    try {
      AciToOci conversion;
      if (from instanceof ImageLocation.Store s) {
        store = command.main.openStore();
        StoredImage image = store.resolve(s.ref());
        conversion = AciToOci.of(StoreImages.of(store), image.id())
            .treeCache(ImageCommand.treeCache(store));
      } else {
        Path file = ((ImageLocation.AciFile) from).file();
        if (!Files.isRegularFile(file)) {
          throw new JaciException(file + ": no such file");
        }
        store = storeForDependencies(command, file);
        conversion = aciFile(console, file, store);
      }
      conversion.squash(command.squash).progress(console.progress());
      Digest digest;
      try (OciSink sink = sink(command, to, client)) {
        digest = conversion.writeTo(sink);
      }
      console.out().println(digest);
      return 0;
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  /** The store, when the ACI has dependencies and the store exists (else null). */
  private static ImageStore storeForDependencies(ConvertCommand command, Path file)
      throws JaciException {
    if (AciToOci.manifestOf(file).dependencies().isEmpty()) {
      return null;
    }
    Path root = command.main.store != null ? Path.of(command.main.store)
        : ImageStore.defaultRoot();
    return Files.isDirectory(root) ? command.main.openStore() : null;
  }

  private static AciToOci aciFile(Console console, Path file, ImageStore store)
      throws JaciException {
    if (AciToOci.manifestOf(file).dependencies().isEmpty()) {
      return AciToOci.aciFile(file);
    }
    if (store != null) {
      try {
        return AciToOci.aciFileOver(file, StoreImages.of(store));
      } catch (JaciException e) {
        console.warn(file + ": " + e.getMessage() + "; converting only its own files, as one"
            + " layer (import its dependencies to convert it whole)");
        return AciToOci.aciFile(file);
      }
    }
    console.warn(file + ": its dependencies are not in a store; converting only its own files,"
        + " as one layer (import its dependencies to convert it whole)");
    return AciToOci.aciFile(file);
  }

  private static OciSink sink(ConvertCommand command, ImageLocation to, RegistryClient client)
      throws JaciException {
    if (to instanceof ImageLocation.OciLayout o) {
      return OciLayoutSink.open(o.directory(), o.tag());
    }
    if (to instanceof ImageLocation.DockerArchive d) {
      return DockerArchiveSink.open(d.file(), d.repoTag(), command.overwrite);
    }
    return RegistrySink.open(client, ((ImageLocation.Registry) to).reference());
  }

  private static CommandLine.ParameterException usage(ConvertCommand command, String message) {
    return new CommandLine.ParameterException(command.spec.commandLine(), message);
  }
}
