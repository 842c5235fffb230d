package io.jaci.cli;

import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Label;
import io.jaci.core.store.AppString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * An image's {@code --name NAME[:VERSION][,LABEL=VALUE...]} (an app string, as rkt took it)
 * and its {@code --label NAME=VALUE} options, read the same way by every command that names
 * an image: the version is the {@code version} label, and a label may be given once.
 *
 * @param name the name, or null when none was given
 * @param labels the version and the labels, in the order given
 */
record ImageNaming(AcIdentifier name, List<Label> labels) {
  /**
   * @param name the {@code --name} value, or null
   * @param extra the {@code --label} values
   * @throws CommandLine.ParameterException one line naming what is wrong
   */
  static ImageNaming parse(CommandLine.Model.CommandSpec spec, String name,
      Map<String, String> extra) {
    try {
      List<Label> labels = new ArrayList<>();
      AcIdentifier id = null;
      if (name != null) {
        AppString app = AppString.parse(name);
        id = app.name();
        app.version().ifPresent(v -> labels.add(Label.of("version", v)));
        labels.addAll(app.labels().asList());
      }
      for (Map.Entry<String, String> l : extra.entrySet()) {
        if (labels.stream().anyMatch(x -> x.name().value().equals(l.getKey()))) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--label " + l.getKey()
              + ": the label is given in --name already");
        }
        labels.add(Label.of(l.getKey(), l.getValue()));
      }
      return new ImageNaming(id, List.copyOf(labels));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
