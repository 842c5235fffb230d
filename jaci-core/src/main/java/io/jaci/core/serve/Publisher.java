package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha512;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Puts a finished upload into the store: checks that the image is named as the upload and
 * matches its uploaded manifest, checks its signature, imports it (which validates the whole
 * ACI) and keeps the pushed file with its signature. The image stays hidden from downloads
 * until its file and signature are both in place.
 */
final class Publisher {
  private static final ProgressListener QUIET = new ProgressListener() {};

  private final Catalog catalog;
  private final Optional<SignatureVerifier> signatureCheck;

  Publisher(Catalog catalog, Optional<SignatureVerifier> signatureCheck) {
    this.catalog = catalog;
    this.signatureCheck = signatureCheck;
  }

  /**
   * Publishes {@code aci} (a file on the store's file system, moved into it) for an upload to
   * {@code name}; returns what the log says about it.
   *
   * @throws JaciException in one line when the upload is refused; nothing enters the store
   */
  String publish(AcIdentifier name, Path aci, Optional<byte[]> uploadedManifest,
      Optional<byte[]> signature) throws JaciException {
    ImageManifest manifest = manifestOf(aci);
    if (!manifest.name().equals(name)) {
      throw new JaciException("the image is named " + manifest.name() + ", not " + name
          + " as the upload said");
    }
    if (uploadedManifest.isPresent() && !parse(uploadedManifest.get(), "uploaded manifest")
        .equals(manifest)) {
      throw new JaciException("the uploaded manifest differs from the manifest in the image");
    }
    String signer = "unsigned";
    if (signatureCheck.isPresent()) {
      if (signature.isEmpty()) {
        throw new JaciException("this server takes signed images only: push the image with its"
            + " signature (jaci push --signature IMAGE.aci.asc)");
      }
      signer = signatureCheck.get().verify(name, aci, signature.get());
    } else if (signature.isPresent()) {
      if (!SignatureIssuer.isSignature(signature.get())) {
        throw new JaciException("the uploaded signature is not an OpenPGP signature");
      }
      signer = "signed by " + SignatureIssuer.of(signature.get()) + " (not verified)";
    }
    ImageId id = idOf(aci);
    catalog.hide(id);
    try {
      StoredImage image = catalog.store().importAci(aci, QUIET);
      if (!image.id().equals(id)) {
        throw new JaciException("the image changed while it was imported");
      }
      boolean compressed = isCompressed(aci);
      if (signature.isPresent() || compressed && catalog.signature(image).isEmpty()) {
        catalog.files().keep(id, aci, signature);
      }
      return image.id() + " (" + name + ", " + signer + ")";
    } finally {
      catalog.show(id);
    }
  }

  private static ImageManifest manifestOf(Path aci) throws JaciException {
    return parse(AciManifestReader.read(aci), "manifest in the image");
  }

  private static ImageManifest parse(byte[] json, String what) throws JaciException {
    try {
      return ManifestJson.parse(json);
    } catch (InvalidManifestException e) {
      throw new JaciException("the " + what + " is invalid: " + e.getMessage());
    }
  }

  private static ImageId idOf(Path aci) throws JaciException {
    Sha512 sha = Sha512.create();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Compression.decompressing(Files.newInputStream(aci))) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new JaciException("reading the uploaded image: " + IoMessages.describe(e), e);
    }
    return ImageId.ofSha512(sha.digest());
  }

  private static boolean isCompressed(Path aci) throws JaciException {
    try (InputStream in = Files.newInputStream(aci)) {
      byte[] head = in.readNBytes(512);
      return Compression.detect(head, head.length) != Compression.NONE;
    } catch (IOException e) {
      throw new JaciException("reading the uploaded image: " + IoMessages.describe(e), e);
    }
  }
}
