package io.jaci.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a build, an import, a render and Dockerfile builds of an example layout in one JVM, so that the launcher
 * can record the classes they load into a class data sharing archive (one archive can only
 * record one process); then runs the image as a pod, by name and from its file, for the
 * classes of {@code jaci run} (where pods cannot run, e.g. no runc, those runs fail and the
 * archive has the rest); and checks a signature, for the classes of {@code jaci verify},
 * {@code fetch} and {@code trust}. Not a user command.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=A -cp jaci.jar io.jaci.cli.CdsTraining
 * LAYOUT SCRATCH}
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path layout = Path.of(args[0]);
    Path scratch = Files.createDirectories(Path.of(args[1]));
    String aci = scratch.resolve("example.aci").toString();
    String store = scratch.resolve("store").toString();
    PrintWriter quiet = new PrintWriter(new StringWriter());
    int failures = 0;
    for (String[] command : new String[][] {
        {"build", layout.toString(), aci},
        {"validate", aci},
        {"manifest", "cat", aci},
        {"--store", store, "image", "import", aci},
        {"--store", store, "image", "list"},
        {"--store", store, "image", "render", aci, scratch.resolve("render").toString()},
        {"--store", store, "image", "render", aci, scratch.resolve("again").toString()},
        fromDebs(scratch, "--lock"),
        fromDebs(scratch, "--from-lock"),
        dockerfile(scratch, store, "COPY"),
        dockerfile(scratch, store, "COPY")}) { // the second one finds every step cached
      failures += Main.run(command, quiet, quiet) == 0 ? 0 : 1;
    }
    try {
      TrainingSignature.verify(Files.createDirectories(scratch.resolve("trust")));
    } catch (Exception e) {
      // the archive then lacks these classes only (TrainingSignatureTest checks this step)
    }
    // the example's app is a script without a shell in its image: runc starts it and it
    // fails, after jaci has done all of its own work, which is what the archive needs
    for (String[] command : new String[][] {
        {"--store", store, "run", "example.com/hello"},
        {"--store", scratch.resolve("first").toString(), "run", aci},
        dockerfile(scratch, store, "RUN")}) {
      Main.run(command, quiet, quiet);
    }
    System.exit(failures);
  }

  /**
   * A {@code jaci dockerfile} build over the example image: a COPY of a context (built once,
   * then found in the step cache) or a RUN (which needs runc and a shell in the image; where
   * it fails, jaci's side has loaded its classes all the same).
   */
  private static String[] dockerfile(Path scratch, String store, String step)
      throws Exception {
    Path context = Files.createDirectories(scratch.resolve("context-" + step));
    Files.writeString(context.resolve("file.txt"), "a file of the context\n");
    Files.writeString(context.resolve("Dockerfile"), String.join("\n", "FROM example.com/hello",
        "ENV TRAINING=1", "WORKDIR /work", step.equals("COPY") ? "COPY file.txt ./" : "RUN true",
        "CMD [\"/bin/hello\"]", ""));
    return new String[] {"--store", store, "dockerfile", "-t", "example.com/train-" +
        step.toLowerCase(java.util.Locale.ROOT), context.toString()};
  }

  /** A from-debs run over a one-package local repository that this method writes. */
  private static String[] fromDebs(Path scratch, String lockOption) throws Exception {
    Path repo = Files.createDirectories(scratch.resolve("debs"));
    Path deb = repo.resolve("train.deb");
    if (!Files.exists(deb)) {
      TrainingDeb.write(deb);
      Files.createFile(repo.resolve("Packages"));
    }
    String lock = scratch.resolve("debs.lock").toString();
    return lockOption.equals("--lock")
        ? new String[] {"from-debs", "-q", "--deb", deb.toString(), "--mirror", repo.toString(),
            "--cache", scratch.resolve("cache").toString(), "--lock", lock,
            scratch.resolve("debs.aci").toString(), "--name", "example.com/train"}
        : new String[] {"from-debs", "-q", "--from-lock", lock, "--cache",
            scratch.resolve("cache").toString(), scratch.resolve("lock.aci").toString(),
            "--name", "example.com/train"};
  }
}
