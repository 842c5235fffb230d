package io.jaci.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * jaci's subcommands, added to picocli only when the arguments need them.
 *
 * <p>picocli builds the model of every registered command by reflection when the command line
 * is made; for all of jaci's commands that took about 0.1 s, more than a JVM needs to start.
 * A command line that names a command gets only the commands on its path (and all the
 * children of the last one, for its usage message); {@code --version} gets none; anything
 * else (no command, an unknown one, {@code help}) gets every command, so help texts and
 * suggestions are complete.
 */
final class CommandTree {
  /** Options of any level that take a separate value, so that the value is not a command. */
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--store");

  private final Class<?> command;
  private final Map<String, CommandTree> children;

  private CommandTree(Class<?> command, Map<String, CommandTree> children) {
    this.command = command;
    this.children = children;
  }

  static CommandTree leaf(Class<?> command) {
    return new CommandTree(command, Map.of());
  }

  /** {@code children} as name, tree pairs, in the order of the usage message. */
  static CommandTree node(Class<?> command, Object... children) {
    Map<String, CommandTree> map = new LinkedHashMap<>();
    for (int i = 0; i < children.length; i += 2) {
      map.put((String) children[i], (CommandTree) children[i + 1]);
    }
    return new CommandTree(command, map);
  }

  /** Adds to {@code cli} (this tree's command) the subcommands that {@code args} need. */
  void addSubcommands(CommandLine cli, List<String> args) {
    int position = firstPositional(args);
    if (position < 0 && (args.contains("-V") || args.contains("--version"))) {
      return;
    }
    CommandTree chosen = position < 0 ? null : children.get(args.get(position));
    if (chosen == null || chosen.command == CommandLine.HelpCommand.class) {
      addAll(cli);
      return;
    }
    String name = args.get(position);
    CommandLine sub = new CommandLine(chosen.command);
    cli.addSubcommand(name, sub);
    chosen.addSubcommands(sub, args.subList(position + 1, args.size()));
  }

  private void addAll(CommandLine cli) {
    children.forEach((name, tree) -> {
      CommandLine sub = new CommandLine(tree.command);
      cli.addSubcommand(name, sub);
      tree.addAll(sub);
    });
  }

  /** The command that {@code args} name first ({@code run} of {@code --store S run IMG}), or "". */
  static String commandName(List<String> args) {
    int position = firstPositional(args);
    return position < 0 ? "" : args.get(position);
  }

  private static int firstPositional(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        return -1;
      }
      if (!arg.startsWith("-")) {
        return i;
      }
      if (OPTIONS_WITH_VALUE.contains(arg)) {
        i++;
      }
    }
    return -1;
  }
}
