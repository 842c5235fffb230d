package io.jaci.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.JaciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A pod's recorded state, {@code STORE/pods/UUID/state.json}:
 *
 * <pre>{@code
 * {"uuid": "...", "state": "running", "created": "2026-...Z", "started": "2026-...Z",
 *  "exited": null, "jaciPid": 1234, "net": "host", "exitCode": null,
 *  "apps": [{"name": "busybox", "image": "sha512-...", "exitCode": 0,
 *            "exited": "2026-...Z"}]}
 * }</pre>
 *
 * @param state {@code preparing}, {@code running} or {@code exited}
 * @param jaciPid the {@code jaci run} process that runs the pod (0 once it has exited)
 */
public record PodState(UUID uuid, String state, Instant created, Optional<Instant> started,
    Optional<Instant> exited, long jaciPid, String net, OptionalInt exitCode,
    List<AppState> apps) {

  static final String PREPARING = "preparing";
  static final String RUNNING = "running";
  static final String EXITED = "exited";
  /** What {@link Pods} reports for a pod whose {@code jaci run} died without recording it. */
  static final String ABANDONED = "abandoned";

  private static final ObjectMapper JSON = new ObjectMapper();

  public PodState {
    apps = List.copyOf(apps);
  }

  /** An app's name, image and, once it has exited, its exit code and time. */
  public record AppState(String name, String image, OptionalInt exitCode,
      Optional<Instant> exited) {}

  PodState with(String newState, Optional<Instant> newStarted, Optional<Instant> newExited,
      long pid, OptionalInt code, List<AppState> newApps) {
    return new PodState(uuid, newState, created, newStarted, newExited, pid, net, code, newApps);
  }

  /** This state with {@code state} (for reports: {@code abandoned}). */
  PodState as(String reported) {
    return new PodState(uuid, reported, created, started, exited, jaciPid, net, exitCode, apps);
  }

  /** The state as JSON, as in {@code state.json}. */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("uuid", uuid.toString());
    o.put("state", state);
    o.put("created", created.toString());
    o.put("started", started.map(Instant::toString).orElse(null));
    o.put("exited", exited.map(Instant::toString).orElse(null));
    o.put("jaciPid", jaciPid);
    o.put("net", net);
    if (exitCode.isPresent()) {
      o.put("exitCode", exitCode.getAsInt());
    } else {
      o.putNull("exitCode");
    }
    ArrayNode a = o.putArray("apps");
    for (AppState s : apps) {
      ObjectNode n = a.addObject();
      n.put("name", s.name());
      n.put("image", s.image());
      if (s.exitCode().isPresent()) {
        n.put("exitCode", s.exitCode().getAsInt());
      } else {
        n.putNull("exitCode");
      }
      n.put("exited", s.exited().map(Instant::toString).orElse(null));
    }
    return o;
  }

  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static PodState read(Path file) throws JaciException {
    try {
      JsonNode o = JSON.readTree(Files.readAllBytes(file));
      List<AppState> apps = new ArrayList<>();
      for (JsonNode n : o.path("apps")) {
        apps.add(new AppState(n.path("name").asText(), n.path("image").asText(),
            code(n.path("exitCode")), instant(n.path("exited"))));
      }
      return new PodState(UUID.fromString(o.path("uuid").asText()), o.path("state").asText(),
          Instant.parse(o.path("created").asText()), instant(o.path("started")),
          instant(o.path("exited")), o.path("jaciPid").asLong(), o.path("net").asText(),
          code(o.path("exitCode")), apps);
    } catch (IOException | RuntimeException e) {
      throw new JaciException(file + ": unreadable pod state (" + e.getMessage()
          + "); 'jaci pod rm' removes the pod", e);
    }
  }

  private static OptionalInt code(JsonNode n) {
    return n.isInt() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
  }

  private static Optional<Instant> instant(JsonNode n) {
    return n.isTextual() ? Optional.of(Instant.parse(n.asText())) : Optional.empty();
  }
}
