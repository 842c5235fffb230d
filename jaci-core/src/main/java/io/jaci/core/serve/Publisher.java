package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.SideReadStream;
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
 * Puts a finished upload into the store in one read of it: imports it (which validates the
 * whole ACI) while checking its signature, checks that the image is named as the upload and
 * matches its uploaded manifest, and keeps the pushed file with its signature. The image stays
 * hidden from downloads until its file and signature are both in place.
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
   * {@code name}; returns what the log says about it. The file is read once: the import
   * validates it while the signature is checked on the same bytes ({@link SideReadStream}),
   * and the name, the uploaded manifest and the signature's verdict are all checked before
   * the image enters the store.
   *
   * @throws JaciException in one line when the upload is refused; nothing enters the store
   */
  String publish(AcIdentifier name, Path aci, Optional<byte[]> uploadedManifest,
      Optional<byte[]> signature) throws JaciException {
    Optional<ImageManifest> uploaded = uploadedManifest.isPresent()
        ? Optional.of(parse(uploadedManifest.get(), "uploaded manifest")) : Optional.empty();
    String signer = "unsigned";
    if (signatureCheck.isPresent()) {
      if (signature.isEmpty()) {
        throw new JaciException("this server takes signed images only: push the image with its"
            + " signature (jaci push --signature IMAGE.aci.asc)");
      }
    } else if (signature.isPresent()) {
      if (!SignatureIssuer.isSignature(signature.get())) {
        throw new JaciException("the uploaded signature is not an OpenPGP signature");
      }
      signer = "signed by " + SignatureIssuer.of(signature.get()) + " (not verified)";
    }
    InputStream file;
    long size;
    try {
      file = Files.newInputStream(aci);
      size = Files.size(aci);
    } catch (IOException e) {
      throw new JaciException("reading the uploaded image: " + IoMessages.describe(e), e);
    }
    SideReadStream<String> verifying = signatureCheck.isPresent()
        ? new SideReadStream<>(file, in -> signatureCheck.get().verify(name, in,
            signature.get()))
        : null;
    String[] verified = {signer};
    ImageId[] hidden = {null};
    try {
      StoredImage image = catalog.store().importAci(verifying != null ? verifying : file,
          "the uploaded image", size, QUIET, (id, manifest) -> {
            if (!manifest.name().equals(name)) {
              throw new JaciException("the image is named " + manifest.name() + ", not " + name
                  + " as the upload said");
            }
            if (uploaded.isPresent() && !uploaded.get().equals(manifest)) {
              throw new JaciException("the uploaded manifest differs from the manifest in the"
                  + " image");
            }
            if (verifying != null) {
              try {
                verified[0] = verifying.finish();
              } catch (IOException e) {
                throw new JaciException("reading the uploaded image: " + IoMessages.describe(e),
                    e);
              }
            }
            // hidden from downloads until its file and signature are in place
            catalog.hide(id);
            hidden[0] = id;
          });
      boolean compressed = isCompressed(aci);
      if (signature.isPresent() || compressed && catalog.signature(image).isEmpty()) {
        catalog.files().keep(image.id(), aci, signature);
      }
      return image.id() + " (" + name + ", " + verified[0] + ")";
    } catch (JaciException e) {
      JaciException refusal = verifying != null ? verifying.refusal() : null;
      throw refusal != null && refusal != e ? refusal : e;
    } finally {
      try {
        if (verifying != null) {
          verifying.release();
        } else {
          file.close();
        }
      } catch (IOException ignored) {
        // the upload's file is removed with its directory
      }
      if (hidden[0] != null) {
        catalog.show(hidden[0]);
      }
    }
  }

  private static ImageManifest parse(byte[] json, String what) throws JaciException {
    try {
      return ManifestJson.parse(json);
    } catch (InvalidManifestException e) {
      throw new JaciException("the " + what + " is invalid: " + e.getMessage());
    }
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
