package io.jaci.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Turns the model into the JSON tree of the on-disk format, in canonical field order, leaving out
 * empty optional fields as the reference's {@code omitempty} does.
 */
final class ManifestWriter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ManifestWriter() {}

  static ObjectNode manifest(ImageManifest m) {
    ObjectNode root = JSON.objectNode();
    root.put("acKind", ImageManifest.AC_KIND);
    root.put("acVersion", m.acVersion().toString());
    root.put("name", m.name().value());
    if (!m.labels().isEmpty()) {
      root.set("labels", labels(m.labels()));
    }
    m.app().ifPresent(app -> root.set("app", app(app)));
    if (!m.annotations().isEmpty()) {
      ArrayNode annotations = root.putArray("annotations");
      for (Annotation a : m.annotations().asList()) {
        annotations.addObject().put("name", a.name().value()).put("value", a.value());
      }
    }
    if (!m.dependencies().isEmpty()) {
      ArrayNode dependencies = root.putArray("dependencies");
      for (Dependency d : m.dependencies()) {
        ObjectNode dependency = dependencies.addObject().put("imageName", d.imageName().value());
        d.imageID().ifPresent(id -> dependency.put("imageID", id.toString()));
        if (!d.labels().isEmpty()) {
          dependency.set("labels", labels(d.labels()));
        }
        d.size().ifPresent(size -> dependency.put("size", size));
      }
    }
    if (!m.pathWhitelist().isEmpty()) {
      strings(root.putArray("pathWhitelist"), m.pathWhitelist().asList());
    }
    return root;
  }

  private static ArrayNode labels(Labels labels) {
    ArrayNode array = JSON.arrayNode();
    for (Label l : labels.asList()) {
      array.addObject().put("name", l.name().value()).put("value", l.value());
    }
    return array;
  }

  /** Fields in the order of the reference's {@code types.App} struct. */
  private static ObjectNode app(App app) {
    ObjectNode o = JSON.objectNode();
    // The reference writes "exec": null for an app without exec; leaving it out reads the same.
    if (!app.exec().isEmpty()) {
      strings(o.putArray("exec"), app.exec());
    }
    if (!app.eventHandlers().isEmpty()) {
      ArrayNode handlers = o.putArray("eventHandlers");
      for (EventHandler h : app.eventHandlers()) {
        ObjectNode handler = handlers.addObject().put("name", h.name());
        strings(handler.putArray("exec"), h.exec());
      }
    }
    o.put("user", app.user());
    o.put("group", app.group());
    if (!app.supplementaryGIDs().isEmpty()) {
      ArrayNode gids = o.putArray("supplementaryGIDs");
      app.supplementaryGIDs().forEach(gids::add);
    }
    if (!app.workingDirectory().isEmpty()) {
      o.put("workingDirectory", app.workingDirectory());
    }
    if (!app.environment().isEmpty()) {
      ArrayNode environment = o.putArray("environment");
      for (EnvironmentVariable v : app.environment()) {
        environment.addObject().put("name", v.name()).put("value", v.value());
      }
    }
    if (!app.mountPoints().isEmpty()) {
      ArrayNode mountPoints = o.putArray("mountPoints");
      for (MountPoint mp : app.mountPoints()) {
        ObjectNode mount = mountPoints.addObject().put("name", mp.name().value())
            .put("path", mp.path());
        if (mp.readOnly()) {
          mount.put("readOnly", true);
        }
      }
    }
    if (!app.ports().isEmpty()) {
      ArrayNode ports = o.putArray("ports");
      for (Port p : app.ports()) {
        ports.addObject()
            .put("name", p.name().value())
            .put("protocol", p.protocol())
            .put("port", p.port())
            .put("count", p.count())
            .put("socketActivated", p.socketActivated());
      }
    }
    if (!app.isolators().isEmpty()) {
      ArrayNode isolators = o.putArray("isolators");
      for (Isolator i : app.isolators()) {
        isolators.addObject().put("name", i.name()).set("value", i.value());
      }
    }
    if (!app.userAnnotations().isEmpty()) {
      stringMap(o.putObject("userAnnotations"), app.userAnnotations());
    }
    if (!app.userLabels().isEmpty()) {
      stringMap(o.putObject("userLabels"), app.userLabels());
    }
    return o;
  }

  private static void strings(ArrayNode array, List<String> strings) {
    strings.forEach(array::add);
  }

  private static void stringMap(ObjectNode object, Map<String, String> map) {
    map.forEach(object::put);
  }
}
