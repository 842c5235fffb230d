package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable map of variables whose next version costs only its change: all versions of
 * one line of changes share a store in which each name keeps its values by version, and a
 * version reads the last value at or before it. Building on an older version (a branch) copies
 * that version into a new store. So a stage of n ENV steps costs O(n), not O(n²).
 */
final class VarChain {
  private record Value(int version, String value) {}

  private static final class Store {
    final Map<String, List<Value>> values = new HashMap<>();
    final List<String> order = new ArrayList<>();
    int latest;
  }

  private final Store store;
  private final int version;

  private VarChain(Store store, int version) {
    this.store = store;
    this.version = version;
  }

  /** A map holding {@code values}. */
  static VarChain of(Map<String, String> values) {
    return new VarChain(new Store(), 0).with(values);
  }

  /** The value of {@code name} in this version, or null. */
  String get(String name) {
    synchronized (store) {
      List<Value> l = store.values.get(name);
      if (l == null) {
        return null;
      }
      int lo = 0;
      int hi = l.size() - 1;
      String found = null;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (l.get(mid).version() <= version) {
          found = l.get(mid).value();
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found;
    }
  }

  /** This map with {@code changes} put over it. */
  VarChain with(Map<String, String> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    synchronized (store) {
      if (version != store.latest) {
        Store copy = new Store();
        toMap().forEach((k, v) -> add(copy, k, v, 0));
        return new VarChain(copy, 0).with(changes);
      }
      int next = ++store.latest;
      changes.forEach((k, v) -> add(store, k, v, next));
      return new VarChain(store, next);
    }
  }

  private static void add(Store s, String name, String value, int version) {
    List<Value> l = s.values.get(name);
    if (l == null) {
      l = new ArrayList<>(1);
      s.values.put(name, l);
      s.order.add(name);
    }
    l.add(new Value(version, value));
  }

  /** All variables of this version, in the order they were first set. */
  Map<String, String> toMap() {
    synchronized (store) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String k : store.order) {
        String v = get(k);
        if (v != null) {
          out.put(k, v);
        }
      }
      return Collections.unmodifiableMap(out);
    }
  }
}
