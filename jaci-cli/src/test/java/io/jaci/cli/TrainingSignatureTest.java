package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing training's signature check passes: CdsTraining ignores its failure,
 * and the launcher's archive would then miss the classes of jaci verify, fetch and trust.
 */
class TrainingSignatureTest {
  @Test
  void theTrainingSignatureVerifies(@TempDir Path tmp) {
    assertThatCode(() -> TrainingSignature.verify(tmp)).doesNotThrowAnyException();
  }
}
