# Prints "MIRROR SUITE" of the machine's first Debian apt source whose suite has no "-"
# (the release itself, not -updates or -security), from the one-line format
# (/etc/apt/sources.list, *.list) or the deb822 format (*.sources). Sourced or run.
debian_mirror() {
  local f
  {
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI SUITE COMPONENTS...
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                       if ($(i + 1) !~ /-/ && $(i + 2) == "main") { print $i, $(i + 1); exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # stanzas separated by blank lines; Types, URIs, Suites, Components fields
    awk 'function flush() { if (types ~ /(^| )deb( |$)/ && comps ~ /(^| )main( |$)/) {
           n = split(suites, s, " "); for (j = 1; j <= n; j++) if (s[j] !~ /-/) {
             split(uris, u, " "); print u[1], s[j]; found = 1; exit } }
           types = uris = suites = comps = "" }
         /^[ \t]*$/ { flush(); next }
         /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
         /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
         /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
         /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
         END { if (!found) flush() }' "$f"
  done
  } | head -n 1
}
