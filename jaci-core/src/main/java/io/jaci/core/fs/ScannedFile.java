package io.jaci.core.fs;

import io.jaci.core.tar.TarHeader;
import java.nio.file.Path;

/**
 * A file found by {@link TreeScanner}: where it is on disk and the tar header it becomes.
 *
 * @param source the file on disk (read for the content of regular files)
 * @param header its tar header; a second name of a hard-linked file is a hard-link entry
 */
public record ScannedFile(Path source, TarHeader header) {}
