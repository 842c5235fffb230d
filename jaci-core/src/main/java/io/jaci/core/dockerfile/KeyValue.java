package io.jaci.core.dockerfile;

/**
 * One {@code key=value} of an {@code ENV}, {@code LABEL} or {@code ARG}, as written (quotes and
 * variables still in it, for {@link ShellWordExpander}).
 *
 * @param key the name
 * @param value the value, or null for an {@code ARG} without a default
 */
public record KeyValue(String key, String value) {}
