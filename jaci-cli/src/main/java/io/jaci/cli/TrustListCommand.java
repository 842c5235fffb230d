package io.jaci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jaci.core.JaciException;
import io.jaci.core.trust.TrustedKey;
import io.jaci.core.trust.TrustedKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the trusted keys: fingerprint, prefix (or root), level (user or"
        + " system) and the first user ID.",
        "Files the keystore ignores (a name that is not the key's fingerprint, a symbolic"
            + " link, not a key) are shown as warnings."})
final class TrustListCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  TrustCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array (fingerprint, prefix, root,"
      + " level, userIds, userIdCount, file).")
  boolean json;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    TrustedKeys keys = TrustCommand.load(console);
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (TrustedKey k : keys.all()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fingerprint", k.fingerprint().hex());
        row.put("prefix", k.prefix().isRoot() ? null : k.prefix().toString());
        row.put("root", k.prefix().isRoot());
        row.put("level", k.level().toString());
        row.put("userIds", k.key().userIds());
        row.put("userIdCount", k.key().userIdCount());
        row.put("file", k.file().toString());
        rows.add(row);
      }
      try {
        console.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(rows));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new JaciException("writing JSON: " + e.getMessage(), e);
      }
    } else {
      for (TrustedKey k : keys.all()) {
        console.out().println(k.fingerprint().hex() + "  " + k.prefix() + "  " + k.level()
            + "  " + k.key().owner());
      }
      if (keys.all().isEmpty()) {
        console.remark("no trusted keys (jaci trust add --prefix NAME discovers the prefix's"
            + " keys; jaci trust add --prefix NAME KEY adds one)");
      }
    }
    console.out().flush();
    return 0;
  }
}
