#!/bin/sh
# Write the bash completion for renacerctl from the CLI itself, at build time:
# commands from `renacerctl --help`, each command's options from `renacerctl
# help COMMAND`, syscall names and classes from the filter's own tables
# (completion-lists). An option added to a help text is completed without
# touching this directory.
#   gen-completion.sh RENACERCTL COMPLETION-LISTS TEMPLATE > renacerctl
set -eu
ctl=$1 lists=$2 template=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$ctl" --help >"$tmp/help"
# Commands: the first word of each line of the Commands section.
cmds=$(awk '/^Commands:/ { on = 1; next } on && /^[^ ]/ { on = 0 }
        on && /^  [a-z]/ { print $1 }' "$tmp/help" | sort -u | tr '\n' ' ')
# Global options: the "Global options:" paragraph (-V/--version is two).
globals=$(awk '/^Global options:/ { on = 1 } on && /^$/ { on = 0 } on' "$tmp/help" |
        tr ' ,/()' '\n\n\n\n\n' | grep -E '^--?[A-Za-z][A-Za-z-]*$' | sort -u | tr '\n' ' ')

# One record per fact, from each command's help:
#   opt KEY OPTION     OPTION is an option of KEY ("golden check" is a key)
#   val OPTION META    OPTION takes a value: FILE, PID, USER, N, trace=SET...
#   qual Q [VALUE...]  -e Q=SET, with the values its text lists
for c in $cmds; do
        "$ctl" help "$c" 2>/dev/null | awk -v cmd="$c" '
        function optname(t) { sub(/\[=.*$/, "", t); gsub(/[],;.()[]/, "", t); return t }
        function isopt(t) { return t ~ /^--?[A-Za-z][A-Za-z-]*$/ }
        function ismeta(t) { return t ~ /^[A-Z][A-Z_]*(=[A-Z]+)?$/ || t ~ /^[a-z]+=[A-Z]+$/ }
        /^(Usage:)? +renacerctl / || /^Usage: renacerctl / {
                sub(/^(Usage:)? */, ""); n = split($0, w, /[][ ]+/)
                key = w[2]
                if (w[3] ~ /^[a-z]+$/) { key = w[2] " " w[3]; print "sub " w[2] " " w[3] }
                for (i = 3; i <= n; i++) {
                        t = optname(w[i])
                        if (isopt(t)) { print "opt " key "|" t; if (ismeta(w[i + 1])) print "val " t " " w[i + 1] }
                }
                next
        }
        /^  +-/ {
                line = $0; sub(/^ +/, "", line)
                p = index(line, "  ")
                col = p ? substr(line, 1, p - 1) : line
                desc = p ? substr(line, p) : ""; sub(/^ +/, "", desc)
                if (desc ~ /^\((run|trace)\)/ && desc !~ "^\\(" cmd "\\)") next
                n = split(col, w, /[ ,]+/)
                for (i = 1; i <= n; i++) {
                        t = optname(w[i])
                        if (!isopt(t)) continue
                        print "opt " cmd "|" t
                        if (i < n && ismeta(w[i + 1])) print "val " t " " w[i + 1]
                        if (t == "-e" && w[i + 1] ~ /^[a-z]+=/) {
                                q = w[i + 1]; sub(/=.*/, "", q); vals = ""
                                if (q != "trace" && q != "signal") {
                                        m = split(desc, d, /, */)
                                        for (j = 1; j <= m; j++) if (d[j] ~ /^[a-z][a-z-]*$/) vals = vals " " d[j]
                                }
                                print "qual " q vals
                        }
                }
                # options named in the text: "-C trace and summary", "-ff with -o P"
                m = split(desc, d, /[ ;,()]+/)
                for (j = 1; j <= m; j++) if (d[j] ~ /^-[A-Za-z][A-Za-z]?$/) print "opt " cmd "|" d[j]
        }'
done >"$tmp/facts"

syscalls=$("$lists" syscalls | tr '\n' ' ')
classes=$("$lists" classes | tr '\n' ' ')
[ -n "$cmds" ] && grep -q '^opt run|' "$tmp/facts" && [ -n "$syscalls" ] && [ -n "$classes" ] || {
        echo "gen-completion: could not read commands, options or syscalls from $ctl" >&2
        exit 1
}
command_options=$(sed -n 's/^opt //p' "$tmp/facts" | sort -u | awk -F'|' '
        { o[$1] = o[$1] " " $2 } END { for (k in o) printf "    [\"%s\"]=\"%s \"\n", k, o[k] }' | sort)
subcommands=$(sed -n 's/^sub //p' "$tmp/facts" | sort -u | awk '
        { s[$1] = s[$1] " " $2 } END { for (k in s) printf "    [%s]=\"%s\"\n", k, s[k] }' | sort)
value_options=$(sed -n 's/^val //p' "$tmp/facts" | sort -u | awk '
        !seen[$1]++ { m = $2; sub(/^[a-z]+=/, "", m); printf "    [%s]=%s\n", $1, m }')
qualifiers=$(sed -n 's/^qual //p' "$tmp/facts" | sort -u | awk '
        { v = $0; sub(/^[^ ]+ ?/, "", v); printf "    [%s]=\"%s\"\n", $1, v }')
while IFS= read -r line; do
        case $line in
        @COMMANDS@) printf '_renacerctl_commands="%s"\n' "$cmds" ;;
        @GLOBAL_OPTIONS@) printf '_renacerctl_global_options="%s"\n' "$globals" ;;
        @VALUE_OPTIONS@) printf 'declare -gA _renacerctl_value_options=(\n%s\n)\n' "$value_options" ;;
        @COMMAND_OPTIONS@) printf 'declare -gA _renacerctl_command_options=(\n%s\n)\n' "$command_options" ;;
        @SUBCOMMANDS@) printf 'declare -gA _renacerctl_subcommands=(\n%s\n)\n' "$subcommands" ;;
        @QUALIFIERS@) printf 'declare -gA _renacerctl_qualifiers=(\n%s\n)\n' "$qualifiers" ;;
        @SYSCALLS@) printf '_renacerctl_syscalls="%s"\n' "$syscalls" ;;
        @CLASSES@) printf '_renacerctl_classes="%s"\n' "$classes" ;;
        *) printf '%s\n' "$line" ;;
        esac
done <"$template"
