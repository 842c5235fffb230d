package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciOutput;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.docker.DockerToAci;
import io.jaci.core.docker.ImageSources;
import io.jaci.core.docker.SourceImage;
import io.jaci.core.docker.StoreLayerSink;
import io.jaci.core.image.Platform;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;

/** jaci convert to the appc side (an ACI file or the store). */
final class ConvertToAci {
  private ConvertToAci() {}

  static int run(ConvertCommand command, Console console, ImageLocation from, ImageLocation to)
      throws JaciException {
    CommandLine cli = command.spec.commandLine();
    if (command.squash) {
      throw new CommandLine.ParameterException(cli, "--squash is for conversions to"
          + " Docker/OCI; a conversion to appc is squashed unless --layered");
    }
    if (to instanceof ImageLocation.Store s && s.ref() != null && !s.ref().isEmpty()) {
      throw new CommandLine.ParameterException(cli, "store:" + s.ref() + ": as a destination"
          + " give just store: (the image is named after its source)");
    }
    if (command.layered && !(to instanceof ImageLocation.Store)) {
      throw new CommandLine.ParameterException(cli, "--layered makes one image per layer: give"
          + " store: as DEST");
    }
    Platform platform;
    try {
      platform = command.platform != null ? Platform.parse(command.platform) : Platform.current();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--platform: " + e.getMessage());
    }
    try (SourceImage image = ImageSources.open(from, command::registryClient, platform)) {
      if (command.platform != null) {
        ImageSources.requirePlatform(image, platform, command.source);
      }
      DockerToAci.Result result;
      if (to instanceof ImageLocation.AciFile file) {
        result = toFile(command, console, image, file.file());
      } else {
        try (ImageStore store = command.main.openStore()) {
          result = toStore(command, console, image, store);
        }
      }
      result.warnings().forEach(console::warn);
    }
    return 0;
  }

  private static DockerToAci.Result toFile(ConvertCommand command, Console console,
      SourceImage image, Path file) throws JaciException {
    Compression compression = Options.aciCompression(command.spec, command.compression);
    try (AciOutput out = AciOutput.create(file, compression, Compression.DEFAULT_LEVEL,
        command.overwrite)) {
      DockerToAci.Result result;
      try {
        result = DockerToAci.squashed(image, out.tar(), console.progress());
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(file, e), e);
      }
      print(console, out.commit().imageId());
      return result;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  private static DockerToAci.Result toStore(ConvertCommand command, Console console,
      SourceImage image, ImageStore store) throws JaciException {
    if (command.layered) {
      DockerToAci.Result result = DockerToAci.layered(image, new StoreLayerSink(store),
          console.progress());
      result.layers().forEach(id -> print(console, id));
      int n = result.layers().size();
      console.remark(result.converted() + " of " + n + " layers converted, "
          + (n - result.converted()) + " found in the store");
      return result;
    }
    DockerToAci.Result[] result = new DockerToAci.Result[1];
    ImageId id = StoreLayerSink.importWritten(store, tar ->
        result[0] = DockerToAci.squashed(image, tar, console.progress())).id();
    print(console, id);
    return result[0];
  }

  private static void print(Console console, ImageId id) {
    console.out().println(id);
    console.out().flush();
  }
}
