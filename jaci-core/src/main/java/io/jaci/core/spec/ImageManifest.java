package io.jaci.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifest of an App Container Image: its name and labels, the app it runs, annotations,
 * the images it is laid over, and the paths it keeps. Read and write it with {@link
 * ManifestJson}; build one with {@link #builder(AcIdentifier)}.
 */
public record ImageManifest(
    AcVersion acVersion,
    AcIdentifier name,
    Labels labels,
    Optional<App> app,
    Annotations annotations,
    List<Dependency> dependencies,
    PathWhitelist pathWhitelist) {

  /** The only {@code acKind} of an image manifest. */
  public static final String AC_KIND = "ImageManifest";

  /** Requires every part (empty collections for none) and copies the dependency list. */
  public ImageManifest {
    Objects.requireNonNull(acVersion, "acVersion");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(annotations, "annotations");
    dependencies = List.copyOf(dependencies);
    Objects.requireNonNull(pathWhitelist, "pathWhitelist");
  }

  /** A builder for an image named {@code name}, with acVersion {@link AcVersion#CURRENT}. */
  public static Builder builder(AcIdentifier name) {
    return new Builder(name);
  }

  /** A builder holding this manifest's fields. */
  public Builder toBuilder() {
    return new Builder(name)
        .acVersion(acVersion)
        .labels(labels)
        .app(app.orElse(null))
        .annotations(annotations)
        .dependencies(dependencies)
        .pathWhitelist(pathWhitelist);
  }

  /** Collects the fields of an {@link ImageManifest}. Not thread-safe. */
  public static final class Builder {
    private AcVersion acVersion = AcVersion.CURRENT;
    private AcIdentifier name;
    private Labels labels = Labels.empty();
    private App app;
    private Annotations annotations = Annotations.empty();
    private List<Dependency> dependencies = List.of();
    private PathWhitelist pathWhitelist = PathWhitelist.empty();

    private Builder(AcIdentifier name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder acVersion(AcVersion acVersion) {
      this.acVersion = Objects.requireNonNull(acVersion);
      return this;
    }

    public Builder name(AcIdentifier name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    public Builder labels(Labels labels) {
      this.labels = Objects.requireNonNull(labels);
      return this;
    }

    /** Sets or replaces one label; see {@link Labels#with(String, String)}. */
    public Builder label(String name, String value) {
      this.labels = labels.with(name, value);
      return this;
    }

    /** The app, or {@code null} for an image without one (a base layer). */
    public Builder app(App app) {
      this.app = app;
      return this;
    }

    public Builder annotations(Annotations annotations) {
      this.annotations = Objects.requireNonNull(annotations);
      return this;
    }

    /** Sets or replaces one annotation; see {@link Annotations#with(String, String)}. */
    public Builder annotation(String name, String value) {
      this.annotations = annotations.with(name, value);
      return this;
    }

    public Builder dependencies(List<Dependency> dependencies) {
      this.dependencies = List.copyOf(dependencies);
      return this;
    }

    public Builder pathWhitelist(PathWhitelist pathWhitelist) {
      this.pathWhitelist = Objects.requireNonNull(pathWhitelist);
      return this;
    }

    public ImageManifest build() {
      return new ImageManifest(acVersion, name, labels, Optional.ofNullable(app), annotations,
          dependencies, pathWhitelist);
    }
  }
}
