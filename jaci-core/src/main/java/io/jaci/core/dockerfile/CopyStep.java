package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.diff.Owner;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code COPY} or {@code ADD} step: its sources found (the context, an earlier stage, an
 * image, here-documents, URLs) and hashed for the cache key before it runs, then laid down in
 * a begun layout's rootfs by {@link RootfsWriter}.
 */
final class CopyStep {
  private final BuildSession session;
  private final int line;
  private final String keyword;
  private final List<String> sources;
  private final List<Heredoc> heredocs;
  private final String dest;
  private final String from;
  private final String chown;
  private final String chmod;
  private final boolean parents;
  private final List<String> excludes;
  private final boolean add;
  private final String checksum;
  private BuildContext context;
  private final List<AddSources.Download> downloads = new ArrayList<>();

  private CopyStep(BuildSession session, int line, String keyword, List<String> sources,
      List<Heredoc> heredocs, String dest, String from, String chown, String chmod,
      boolean parents, List<String> excludes, String checksum) {
    this.session = session;
    this.line = line;
    this.keyword = keyword;
    this.sources = sources;
    this.heredocs = heredocs;
    this.dest = dest;
    this.from = from;
    this.chown = chown;
    this.chmod = chmod;
    this.parents = parents;
    this.excludes = excludes;
    this.add = keyword.equals("ADD");
    this.checksum = checksum;
  }

  static CopyStep of(BuildSession s, Instruction.Copy c) {
    return new CopyStep(s, c.line(), "COPY", c.sources(), c.heredocs(), c.dest(), c.from(),
        c.chown(), c.chmod(), c.parents(), c.excludes(), null);
  }

  static CopyStep of(BuildSession s, Instruction.Add a) {
    return new CopyStep(s, a.line(), "ADD", a.sources(), a.heredocs(), a.dest(), null,
        a.chown(), a.chmod(), false, a.excludes(), a.checksum());
  }

  private List<String> localSources() {
    return sources.stream().filter(s -> !(add && AddSources.isUrl(s))).toList();
  }

  private List<String> urls() {
    return sources.stream().filter(s -> add && AddSources.isUrl(s)).toList();
  }

  /** The sources' content hash (and the URLs' downloads): what the cache key reads. */
  String key() throws JaciException {
    StringBuilder k = new StringBuilder();
    if (!heredocs.isEmpty()) {
      context = session.heredocContext(heredocs);
    } else if (from != null) {
      context = session.contextOf(from);
      k.append("from ").append(session.imageOf(from)).append(' ');
    } else {
      context = session.context();
    }
    List<String> local = heredocs.isEmpty() ? localSources()
        : heredocs.stream().map(Heredoc::name).toList();
    if (!local.isEmpty()) {
      CopyPlan p = plan(local, "/", dir -> false);
      k.append(context == session.context() ? session.contextHash(p) : p.hash());
    }
    for (String url : urls()) {
      if (checksum != null && !checksum.isEmpty()) {
        k.append(' ').append(url).append(' ').append(checksum);
      } else {
        AddSources.Download d = AddSources.download(url, null, session.temporaryFile());
        downloads.add(d);
        k.append(' ').append(url).append(" sha256:").append(d.sha256());
      }
    }
    return k.toString();
  }

  private CopyPlan plan(List<String> local, String workdir, CopyPlan.DirectoryProbe probe)
      throws JaciException {
    try {
      return CopyPlan.of(context, local, dest, workdir, excludes, parents, probe);
    } catch (DockerfileException e) {
      throw e;
    } catch (JaciException e) {
      throw new DockerfileException(line, keyword + ": " + e.getMessage());
    }
  }

  /** Lays the sources down in {@code layout}'s rootfs. */
  void apply(Path layout, String workdir, Map<String, Owner> owners) throws JaciException {
    Path rootfs = layout.resolve("rootfs");
    long[] owner = StageBuilder.chown(rootfs, chown);
    FileMode mode = StageBuilder.chmod(chmod);
    RootfsWriter writer = RootfsWriter.into(rootfs, owner[0], owner[1]);
    List<String> local = new ArrayList<>(heredocs.isEmpty() ? localSources()
        : heredocs.stream().map(Heredoc::name).toList());
    String target = CopyPlan.imagePath(dest, workdir);
    if (add) {
      for (String s : List.copyOf(local)) {
        List<BuildContext.Source> found = context.resolve(s);
        if (found.size() == 1 && Files.isRegularFile(found.get(0).path())
            && AddSources.isTar(found.get(0).path())) {
          Path into = writer.directory(target, 0755);
          String at = rootfs.toAbsolutePath().normalize().relativize(into).toString();
          AddSources.extract(found.get(0).path(), into, SpecialFiles.effectiveUid() == 0)
              .forEach((rel, o) -> {
                if (!(at + rel).isEmpty()) {
                  owners.put(at.isEmpty() || rel.isEmpty() ? at + rel : at + "/" + rel, o);
                }
              });
          local.remove(s);
        }
      }
    }
    if (!local.isEmpty()) {
      writer.write(plan(local, workdir, writer::isDirectory), mode);
    }
    List<String> urls = urls();
    for (int i = 0; i < urls.size(); i++) {
      AddSources.Download d = i < downloads.size() ? downloads.get(i)
          : AddSources.download(urls.get(i), checksum, session.temporaryFile());
      boolean intoDir = dest.endsWith("/") || writer.isDirectory(target);
      writer.move(d.file(), intoDir ? (target.equals("/") ? "" : target) + "/" + d.name()
          : target, mode.apply(0600, false), null);
    }
    owners.putAll(writer.owners());
  }

  /** Writes here-documents as files of a fresh directory, the context of such a COPY. */
  static Path writeHeredocs(List<Heredoc> docs, Path dir) throws JaciException {
    try {
      Files.createDirectories(dir);
      for (Heredoc h : docs) {
        if (h.name().contains("/") || h.name().equals("..") || h.name().equals(".")) {
          throw new JaciException("here-document name \"" + h.name() + "\" is no file name");
        }
        Files.writeString(dir.resolve(h.name()), h.content(), StandardCharsets.UTF_8);
        Files.setAttribute(dir.resolve(h.name()), "unix:mode", 0644);
      }
      return dir;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
  }
}
