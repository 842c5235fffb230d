package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ManifestCheck;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.trust.OpenPgpSignatures;
import io.jaci.core.trust.SignatureCheck;
import io.jaci.core.trust.VerifiedSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check the signature of an ACI against the trusted keys.",
        "The detached OpenPGP signature (armored or binary) must be by a key trusted for the"
            + " image's name (see 'jaci trust'): a key of a prefix of the name, or a root key.",
        "Says which key signed it and for which prefix that key is trusted; exits 1 when the"
            + " signature is missing, does not match, or is by a key that is not trusted,"
            + " expired, revoked or not for signing."})
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The .aci file.")
  Path image;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNATURE",
      description = "Its signature (default: IMAGE.asc).")
  Path signature;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    Path sigFile = signature != null ? signature
        : image.resolveSibling(image.getFileName() + ".asc");
    AcIdentifier name = name(image); // first: a missing image is named as such
    byte[] sig;
    try (InputStream in = Files.newInputStream(sigFile)) {
      sig = in.readNBytes(OpenPgpSignatures.MAX_SIGNATURE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new JaciException(image + ": not signed: no " + sigFile + " (give the signature"
          + " file as the second argument)", e);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(sigFile, e), e);
    }
    VerifiedSignature v = new SignatureCheck(TrustCommand.load(console)).verify(image, sig,
        name);
    console.out().println(image + ": " + name + " " + v.describe());
    console.out().flush();
    return 0;
  }

  private static AcIdentifier name(Path image) throws JaciException {
    ManifestCheck check = ManifestJson.check(AciManifestReader.read(image));
    if (!check.isValid()) {
      throw new JaciException(image + ": invalid manifest: " + check.errors().get(0));
    }
    return check.manifest().orElseThrow().name();
  }
}
