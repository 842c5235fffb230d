package io.jaci.core.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Dockerfile: parser directives, the {@code ARG}s before the first {@code FROM}, and
 * the stages. Parsing checks the syntax (instructions, flags, forms, heredocs); it expands no
 * variable, since what a word means depends on the build args and environment of its step.
 *
 * <p>The intended use by a builder:
 * <pre>{@code
 * Dockerfile df = Dockerfile.parse(text);              // DockerfileException: one line
 * BuildArgs args = BuildArgs.of(df, cliBuildArgs, targetPlatform, buildPlatform);
 * Stage stage = df.stage(target);                     // or df.stages().get(i)
 * String image = args.expandFrom(df, stage.from()).image();   // global ARGs only
 * StageScope scope = args.stageScope(baseImageEnv);
 * StepExpander x = df.expander();
 * for (Instruction i : stage.instructions()) {
 *   Instruction step = x.expand(i, scope::value);     // expanded where Docker expands
 *   ... run step (a RUN gets scope.runEnvironment()) ...
 *   scope = scope.after(step);                        // ENV and ARG change what follows
 * }
 * }</pre>
 * }</pre>
 *
 * @param escape the escape character ({@code \} or, with {@code # escape=`}, {@code `})
 * @param directives the parser directives given ({@code syntax}, {@code escape}, {@code check}),
 *     by lower-case name
 * @param globalArgs the {@code ARG}s before the first {@code FROM}
 * @param stages the stages, at least one
 */
public record Dockerfile(char escape, Map<String, String> directives,
    List<Instruction.Arg> globalArgs, List<Stage> stages) {
  public Dockerfile {
    directives = Map.copyOf(directives);
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
  }

  /**
   * Parses a Dockerfile's text.
   *
   * @throws DockerfileException for the first problem, with its line
   */
  public static Dockerfile parse(String text) throws DockerfileException {
    return new DockerfileParser(text).parse();
  }

  /**
   * Parses an {@code ONBUILD} trigger recorded in a base image ({@code COPY . /app}), for the
   * build that uses that image in {@code FROM}: one instruction, never FROM, ONBUILD or
   * MAINTAINER, read with the default escape character.
   *
   * @param line the line of the FROM that pulls the trigger in, for messages
   * @throws DockerfileException naming the trigger
   */
  public static Instruction parseTrigger(String expression, int line)
      throws DockerfileException {
    if (expression.indexOf('\n') >= 0 || expression.indexOf('\r') >= 0) {
      throw new DockerfileException(line, "ONBUILD trigger \"" + expression
          + "\" of the base image spans lines");
    }
    Instruction.Onbuild o = (Instruction.Onbuild) new InstructionParser('\\').parse(
        new Node(line, "ONBUILD", List.of(), expression.strip(), "ONBUILD " + expression,
            List.of()));
    return o.trigger();
  }

  /**
   * The stage named {@code nameOrIndex} (case-insensitive, as {@code --target} and
   * {@code COPY --from} name them), or the stage of that index ({@code 0}, {@code 1}...).
   *
   * @throws DockerfileException naming the stages there are
   */
  public Stage stage(String nameOrIndex) throws DockerfileException {
    String n = nameOrIndex.toLowerCase(Locale.ROOT);
    for (Stage s : stages) {
      if (n.equals(s.name())) {
        return s;
      }
    }
    if (!n.isEmpty() && n.length() < 10 && n.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(n);
      if (i < stages.size()) {
        return stages.get(i);
      }
    }
    List<String> names = stages.stream().map(Stage::name).filter(x -> x != null).toList();
    throw new DockerfileException(0, "no stage \"" + nameOrIndex + "\" in the Dockerfile"
        + Suggest.didYouMean(n, names) + (names.isEmpty() ? " (it names no stage)"
        : " (stages: " + String.join(", ", names) + ")"));
  }

  /** The expander of this Dockerfile's escape character. */
  public StepExpander expander() {
    return new StepExpander(new ShellWordExpander(escape));
  }
}
