package io.jaci.core.aci;

import io.jaci.core.spec.ImageId;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AciBuilder#build(Path)} wrote.
 *
 * @param imageId the image ID: SHA-512 of the uncompressed tar
 * @param output the ACI file
 * @param tarSize size of the uncompressed tar in bytes
 * @param fileSize size of the ACI file in bytes
 * @param entries number of tar entries, the manifest included
 * @param warnings what was left out or changed, e.g. skipped sockets
 */
public record AciBuildResult(
    ImageId imageId, Path output, long tarSize, long fileSize, int entries,
    List<String> warnings) {}
