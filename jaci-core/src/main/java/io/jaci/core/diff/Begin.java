package io.jaci.core.diff;

import io.jaci.core.JaciException;
import io.jaci.core.extract.LayeredEntries;
import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.fs.CreationModes;
import io.jaci.core.fs.OwnerAccess;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.DependencyResolver;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.ImageSource;
import io.jaci.core.render.RenderLayer;
import io.jaci.core.render.RenderResult;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.EntryPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Begins a new image on top of a base: renders the base with its dependencies into
 * {@code DIR/rootfs}, writes {@code DIR/manifest} depending on the base by its full image ID,
 * name and labels (name, labels and app copied from the base unless changed), and records
 * every path laid down in {@code DIR/.jaci/record.jsonl} ({@link BegunDirectory}). The
 * record comes from the layers' entries, read on a second core while the render runs, so it
 * keeps the owners, device nodes and attributes that a normal user cannot lay down.
 *
 * <pre>{@code
 * Begin.from(source, renderer).label("version", "2.0.0").into(baseId, Path.of("work"));
 * }</pre>
 */
public final class Begin {
  private final ImageSource source;
  private final ImageRenderer renderer;
  private AcIdentifier name;
  private final Map<String, String> labels = new LinkedHashMap<>();

  private Begin(ImageSource source, ImageRenderer renderer) {
    this.source = Objects.requireNonNull(source);
    this.renderer = Objects.requireNonNull(renderer);
  }

  /** Begins from images of {@code source}, rendered by {@code renderer}. */
  public static Begin from(ImageSource source, ImageRenderer renderer) {
    return new Begin(source, renderer);
  }

  /** The new image's name (default: the base's). */
  public Begin name(AcIdentifier value) {
    this.name = value;
    return this;
  }

  /** Sets or replaces one of the labels copied from the base. */
  public Begin label(String labelName, String value) {
    labels.put(labelName, value);
    return this;
  }

  /**
   * What begin did.
   *
   * @param base the base image
   * @param paths paths recorded
   * @param notLaidDown what the disk does not hold but the record keeps, one line per kind
   */
  public record Result(ImageSource.Image base, int paths, List<String> notLaidDown) {
    public Result {
      notLaidDown = List.copyOf(notLaidDown);
    }
  }

  /** Begins in {@code dir}, which must be missing or empty; it appears complete or not at all. */
  public Result into(ImageId baseId, Path dir) throws JaciException {
    ImageSource.Image base = source.byId(baseId)
        .orElseThrow(() -> new JaciException(baseId + ": not in the store"));
    ImageManifest manifest = manifestOver(base);
    List<RenderLayer> layers = DependencyResolver.layers(base, source);
    try (AtomicOutputDirectory out = AtomicOutputDirectory.create(dir)) {
      CompletableFuture<LayeredEntries> layered = CompletableFuture.supplyAsync(() -> {
        try {
          return entriesOf(layers);
        } catch (JaciException e) {
          throw new CompletionException(e);
        }
      }, r -> {
        Thread t = new Thread(r, "jaci-record");
        t.setDaemon(true);
        t.start();
      });
      Path rootfs = out.path().resolve(EntryPath.ROOTFS);
      RenderResult rendered = renderer.renderRootfsInPrivateParent(base.id(), rootfs);
      LayeredEntries entries = join(layered);
      List<String> warnings = new ArrayList<>();
      // the record hashes every file: a normal user's 0000 files are opened for it
      OwnerAccess access = OwnerAccess.forThisProcess();
      BuildRecord record;
      try {
        long stampTime = ChangeStamp.now();
        record = RecordMaker.make(base.id(),
            TreeScanner.scan(rootfs, EntryPath.ROOTFS, warnings::add, access).files(),
            entries, SpecialFiles.effectiveUid() == 0, stampTime);
      } finally {
        access.restore();
      }
      record.write(BuildRecord.file(out.path()));
      Files.write(out.path().resolve("manifest"), ManifestJson.writePretty(manifest));
      if (SpecialFiles.effectiveUid() != 0) {
        // DIR is private as root (the rootfs inside has the image's modes); else by the umask
        Files.setAttribute(out.path(), "unix:mode", CreationModes.newDirectoryMode());
      }
      out.commit();
      return new Result(base, record.entries().size(), rendered.notRestored());
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
  }

  /**
   * Goes on in {@code begun}, whose content ({@link BegunDirectory#diffToContinue}) was just
   * built into the image {@code built}: the directory becomes begun over {@code built} as
   * {@link #into} would make it (its manifest depending on {@code built}, named and labelled
   * as this Begin says, its record describing the tree as {@code built} has it), without
   * rendering the image again.
   */
  public Result continueIn(BegunDirectory begun, ImageId built) throws JaciException {
    ImageSource.Image base = source.byId(built)
        .orElseThrow(() -> new JaciException(built + ": not in the store"));
    int paths = begun.rebase(base.id(), base.manifest(), manifestOver(base));
    return new Result(base, paths, List.of());
  }

  private ImageManifest manifestOver(ImageSource.Image base) throws JaciException {
    ImageManifest b = base.manifest();
    long size = source.size(base.id());
    Dependency pin = new Dependency(b.name(), Optional.of(base.id()), b.labels(),
        size < 0 ? OptionalLong.empty() : OptionalLong.of(size));
    Labels newLabels = b.labels();
    try {
      for (Map.Entry<String, String> l : labels.entrySet()) {
        newLabels = newLabels.with(l.getKey(), l.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw new JaciException("label: " + e.getMessage());
    }
    return ImageManifest.builder(name != null ? name : b.name())
        .labels(newLabels)
        .app(b.app().orElse(null))
        .dependencies(List.of(pin))
        .build();
  }

  private LayeredEntries entriesOf(List<RenderLayer> layers) throws JaciException {
    LayeredEntries entries = new LayeredEntries();
    for (RenderLayer layer : layers) {
      try (InputStream tar = source.openTar(layer.id())) {
        entries.apply(tar, layer.filter());
        tar.transferTo(OutputStream.nullOutputStream()); // to the end, where it is verified
      } catch (IOException e) {
        throw new JaciException("reading " + layer.id() + ": " + IoMessages.describe(e), e);
      }
    }
    return entries;
  }

  private static LayeredEntries join(CompletableFuture<LayeredEntries> f) throws JaciException {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof JaciException j) {
        throw j;
      }
      if (e.getCause() instanceof UncheckedIOException u) {
        throw new JaciException(IoMessages.describe(u.getCause()), u.getCause());
      }
      throw e;
    }
  }
}
