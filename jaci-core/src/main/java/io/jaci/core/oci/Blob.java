package io.jaci.core.oci;

import io.jaci.core.registry.Digest;
import java.nio.file.Path;

/**
 * A blob written to a staging file, with its digest and size.
 *
 * @param file where its bytes are until a sink takes them
 * @param digest the SHA-256 of its bytes
 * @param size its length in bytes
 */
public record Blob(Path file, Digest digest, long size) {}
