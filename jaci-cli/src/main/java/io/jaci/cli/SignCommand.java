package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.io.IoMessages;
import io.jaci.core.trust.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign an ACI: write IMAGE.asc.",
        "The signature is an armored detached OpenPGP signature of the file's bytes, as appc"
            + " and gpg --armor --detach-sign make it.",
        "The key file is a secret key as 'gpg --export-secret-keys [--armor] ID' writes it;"
            + " its newest signing subkey signs, else its primary key."})
final class SignCommand implements Callable<Integer> {
  static final int MAX_PASSPHRASE_BYTES = 4096;

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "SECRET.asc",
      description = "The secret key (armored or binary).")
  Path key;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "The key's passphrase: the first line of FILE.")
  Path passphraseFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the signature (default: IMAGE.asc).")
  Path output;

  @Option(names = "--overwrite", description = "Replace an existing signature file.")
  boolean overwrite;

  @Parameters(paramLabel = "IMAGE", description = "The .aci file to sign.")
  Path image;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    AciManifestReader.read(image); // an ACI, not some other file given by mistake
    char[] passphrase = passphraseFile == null ? null : readPassphrase(passphraseFile);
    SigningKey signing;
    try {
      signing = SigningKey.load(readKey(key), key.toString(), passphrase);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    Path out = output != null ? output : image.resolveSibling(image.getFileName() + ".asc");
    signing.sign(image, out, overwrite);
    console.out().println(out);
    console.out().flush();
    console.remark("signed " + image + " with key " + signing.signingFingerprint().pretty()
        + " (" + signing.key().owner() + ")");
    return 0;
  }

  private static byte[] readKey(Path file) throws JaciException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(io.jaci.core.trust.OpenPgpKey.MAX_KEY_FILE_BYTES + 1);
      return b;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  /** The first line of {@code file}, without its line end. */
  static char[] readPassphrase(Path file) throws JaciException {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(MAX_PASSPHRASE_BYTES + 1);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
    if (b.length > MAX_PASSPHRASE_BYTES) {
      throw new JaciException(file + ": over 4 KiB, not a passphrase file");
    }
    String text = new String(b, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    Arrays.fill(b, (byte) 0);
    return line.toCharArray();
  }
}
