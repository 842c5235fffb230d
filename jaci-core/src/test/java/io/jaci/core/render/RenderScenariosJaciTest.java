package io.jaci.core.render;

import io.jaci.core.aci.AciBuilder;
import java.nio.file.Path;

/** The rendering scenarios on ACIs built by jaci (manifest first, pax headers). */
class RenderScenariosJaciTest extends RenderScenariosTest {
  @Override
  void buildAci(Path layout, Path out) throws Exception {
    AciBuilder.fromLayout(layout).build(out);
  }
}
