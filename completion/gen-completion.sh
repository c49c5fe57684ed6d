#!/bin/sh
# Write the bash completion for renacerctl from the CLI itself, at build time:
# commands and their options from `renacerctl --help`, syscall names and
# classes from the filter's own tables (completion-lists). An option added to
# the help text is completed without touching this directory.
#   gen-completion.sh RENACERCTL COMPLETION-LISTS TEMPLATE > renacerctl
set -eu
ctl=$1 lists=$2 template=$3
help=$("$ctl" --help)
# Commands: the first lowercase words of each line of the Commands section
# ("golden capture" is two). Options named on a command's line are its own.
cmds=$(printf '%s\n' "$help" | awk '
        /^Commands:/ { on = 1; next }
        on && /^[^ ]/ { on = 0 }
        on && /^  [a-z]/ {
                line = $0; sub(/^  /, "", line); sub(/   .*/, "", line)
                n = split(line, w, " "); name = ""; opts = ""
                for (i = 1; i <= n; i++) {
                        if (w[i] ~ /^[a-z][a-z-]*$/ && opts == "" && i <= 2 && (i == 1 || w[1] == "golden" || w[1] == "policy"))
                                name = name (name == "" ? "" : " ") w[i]
                        else break
                }
                for (i = 1; i <= n; i++) {
                        o = w[i]; gsub(/[][(),;]/, "", o)
                        if (o ~ /^--?[A-Za-z]/) opts = opts " " o
                }
                print name "|" opts
        }')
# Options of run and trace: every -x/--xx token in the option sections (the
# sections after Commands whose title says options).
trace_opts=$(printf '%s\n' "$help" | awk '
        /^[A-Z].*[Oo]ptions.*:$/ { on = 1; next }
        /^[A-Z]/ { on = 0 }
        on && /^  +-/ {
                n = split($0, w, /[ ,;()]+/)
                for (i = 1; i <= n; i++) if (w[i] ~ /^--?[A-Za-z][A-Za-z-]*$/) print w[i]
        }' | sort -u | tr '\n' ' ')
# Options followed by a metavariable (FILE, N, trace=SET) take a value.
value_opts=$(printf '%s\n' "$help" | awk '
        /^[A-Z].*[Oo]ptions.*:$/ || /^Commands:/ { on = 1; next }
        /^[A-Z]/ { on = 0 }
        on {
                n = split($0, w, /[ ,;()]+|\]|\[/)
                for (i = 1; i < n; i++)
                        if (w[i] ~ /^--?[A-Za-z][A-Za-z-]*$/ && w[i + 1] ~ /^([A-Z][A-Z]*|trace=[A-Z]+)$/) print w[i]
        }' | sort -u | tr '\n' ' ')
top=$(printf '%s\n' "$cmds" | cut -d'|' -f1 | cut -d' ' -f1 | sort -u | tr '\n' ' ')
cmd_opts=$(printf '%s\n' "$cmds" | awk -F'|' '{ printf "    [%s]=\"%s\"\n", $1, $2 }' |
        sed 's/\[\([a-z]*\) \([a-z]*\)\]/["\1 \2"]/')
subs=$(printf '%s\n' "$cmds" | awk -F'|' '{ n = split($1, w, " "); if (n == 2) s[w[1]] = s[w[1]] " " w[2] }
        END { for (k in s) printf "    [%s]=\"%s\"\n", k, s[k] }' | sort)
syscalls=$("$lists" syscalls | tr '\n' ' ')
classes=$("$lists" classes | tr '\n' ' ')
[ -n "$top" ] && [ -n "$trace_opts" ] && [ -n "$syscalls" ] && [ -n "$classes" ] || {
        echo "gen-completion: could not read commands, options or syscalls" >&2
        exit 1
}
while IFS= read -r line; do
        case $line in
        @COMMANDS@) printf '_renacerctl_commands="%s"\n' "$top" ;;
        @VALUE_OPTIONS@) printf '_renacerctl_value_options=" %s"\n' "$value_opts" ;;
        @TRACE_OPTIONS@) printf '_renacerctl_trace_options="%s"\n' "$trace_opts" ;;
        @COMMAND_OPTIONS@) printf 'declare -gA _renacerctl_command_options=(\n%s\n)\n' "$cmd_opts" ;;
        @SUBCOMMANDS@) printf 'declare -gA _renacerctl_subcommands=(\n%s\n)\n' "$subs" ;;
        @SYSCALLS@) printf '_renacerctl_syscalls="%s"\n' "$syscalls" ;;
        @CLASSES@) printf '_renacerctl_classes="%s"\n' "$classes" ;;
        *) printf '%s\n' "$line" ;;
        esac
done <"$template"
