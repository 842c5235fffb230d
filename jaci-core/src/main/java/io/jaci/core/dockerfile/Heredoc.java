package io.jaci.core.dockerfile;

/**
 * A here-document of a {@code RUN}, {@code COPY} or {@code ADD}: {@code <<EOF} to a line
 * {@code EOF}.
 *
 * @param name the delimiter word with its quotes removed ({@code EOF}); for {@code COPY}/{@code
 *     ADD} also the source's name
 * @param content the lines between, each with its line end ({@code <<-} has already removed the
 *     leading tabs of each line)
 * @param expand false when the delimiter was quoted ({@code <<'EOF'}, {@code <<"EOF"}): the
 *     content is then taken literally; true means the builder expands variables in it (with
 *     quotes kept, {@link ShellWordExpander#expandRaw}) for {@code COPY}/{@code ADD}; a
 *     {@code RUN} leaves expansion to its shell either way
 * @param chomp true for {@code <<-}
 * @param fileDescriptor the descriptor before {@code <<} ({@code 3<<EOF}), 0 when none
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp,
    int fileDescriptor) {}
