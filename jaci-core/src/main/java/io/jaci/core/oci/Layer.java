package io.jaci.core.oci;

import io.jaci.core.registry.Digest;

/**
 * One layer as written.
 *
 * @param blob the layer file (gzip-compressed, or a plain tar for a docker-archive)
 * @param diffId the SHA-256 of the uncompressed tar (the config's {@code rootfs.diff_ids})
 * @param compressed whether {@code blob} is gzip-compressed
 */
public record Layer(Blob blob, Digest diffId, boolean compressed) {}
