package io.jaci.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;

/**
 * The {@code process} part of an OCI runtime config: command, environment, user, working
 * directory, terminal, capabilities, no-new-privileges, OOM score and resource limits (those
 * of {@link IsolatorSettings#rlimits()}: jaci's own, never raised, since raising one is
 * refused on some hosts).
 */
final class OciProcess {
  private OciProcess() {}

  static ObjectNode of(AppSpec app, List<String> args, boolean terminal) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode p = f.objectNode();
    p.put("terminal", terminal);
    ObjectNode user = p.putObject("user");
    user.put("uid", app.uid());
    user.put("gid", app.gid());
    if (!app.supplementaryGids().isEmpty()) {
      ArrayNode gids = user.putArray("additionalGids");
      app.supplementaryGids().forEach(gids::add);
    }
    ArrayNode a = p.putArray("args");
    args.forEach(a::add);
    ArrayNode env = p.putArray("env");
    app.environment().forEach(env::add);
    p.put("cwd", app.workingDirectory());
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode s = caps.putArray(set);
      app.process().capabilities().forEach(s::add);
    }
    p.put("noNewPrivileges", app.process().noNewPrivileges());
    app.process().oomScoreAdj().ifPresent(v -> p.put("oomScoreAdj", v));
    if (!app.process().rlimits().isEmpty()) {
      ArrayNode limits = p.putArray("rlimits");
      for (Rlimit r : app.process().rlimits()) {
        // unsigned: RLIM_INFINITY (-1 as a long) is 2^64-1 for runc, which refuses -1
        limits.addObject().put("type", r.type())
            .put("hard", new BigInteger(Long.toUnsignedString(r.hard())))
            .put("soft", new BigInteger(Long.toUnsignedString(r.soft())));
      }
    }
    return p;
  }
}
