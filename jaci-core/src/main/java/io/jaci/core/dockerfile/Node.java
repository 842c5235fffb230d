package io.jaci.core.dockerfile;

import java.util.List;

/**
 * One logical line of a Dockerfile before it has a meaning: the instruction word, its leading
 * {@code --flags} (quotes removed), the rest, and the heredoc bodies that follow it.
 *
 * @param line the 1-based line it starts on
 * @param keyword the instruction word as written
 * @param flags the {@code --name[=value]} words, without the dashes' meaning checked
 * @param rest the text after the flags, trimmed
 * @param original the logical line (continuations joined)
 * @param heredocs the here-documents read after the line
 */
record Node(int line, String keyword, List<String> flags, String rest, String original,
    List<Heredoc> heredocs) {}
