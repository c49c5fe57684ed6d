#!/usr/bin/env bash
# Drive the generated renacerctl completion as bash would: set COMP_WORDS and
# COMP_CWORD, call the function, check COMPREPLY. One line per case.
#   test-completion.sh COMPLETION-FILE
set -u
# shellcheck source=/dev/null
source "$1" || { echo "FAIL: cannot source $1"; exit 1; }
fails=0 n=0

# complete WORD... : the last word is the one being completed
complete_words()
{
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _renacerctl
}

# expect "WORDS" WANTED... : every WANTED is offered
expect()
{
        local words=$1 w got
        shift
        n=$((n + 1))
        # shellcheck disable=SC2086
        complete_words $words
        got=" ${COMPREPLY[*]} "
        for w in "$@"; do
                if [[ $got != *" $w "* ]]; then
                        echo "FAIL: '$words' offers [${COMPREPLY[*]:0:12}...], not '$w'"
                        fails=$((fails + 1))
                        return
                fi
        done
        echo "ok: '$words' -> $*"
}

# exactly "WORDS" REPLY... : the replies, sorted, are exactly these
exactly()
{
        local words=$1 want got
        shift
        n=$((n + 1))
        # shellcheck disable=SC2086
        complete_words $words
        got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
        want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
        if [[ $got != "$want" ]]; then
                echo "FAIL: '$words' offers [$got], want [$want]"
                fails=$((fails + 1))
                return
        fi
        echo "ok: '$words' -> exactly $*"
}

# The empty word is passed as '' at the end of the words.
expect "renacerctl ''" run trace status sessions policy reload golden diff help --socket --version
exactly "renacerctl r" run reload
exactly "renacerctl g" golden
exactly "renacerctl golden ''" capture check
exactly "renacerctl policy ''" check
exactly "renacerctl help s" sessions status
# options: each command's own, from its help text
expect "renacerctl run -" -f -ff -c -C -T -e -o -s -u -E --format --policy --socket
exactly "renacerctl run --fo" --format
exactly "renacerctl status --" --json --socket --help
exactly "renacerctl golden check --" --junit --runs --timing --help
exactly "renacerctl golden capture --d" --dir
exactly "renacerctl diff -" -U --help
# -p is trace's, -u run's: "(trace)"/"(run)" in the shared option list
exactly "renacerctl trace -p 1 -u"
exactly "renacerctl run -p"
exactly "renacerctl trace --cgr" --cgroup
exactly "renacerctl trace --uni" --unit
exactly "renacerctl run --cgr"
# option values by metavariable
exactly "renacerctl run --format ''" text json jsonl
expect "renacerctl trace -p ''" "$$" 1
expect "renacerctl run -u roo" root
expect "renacerctl run -E PAT" PATH
expect "renacerctl run -o /et" /etc
# a cgroup is a directory, never a file
expect "renacerctl trace --cgroup /tm" /tmp
exactly "renacerctl trace --cgroup /etc/hostnam"
# syscall names, classes and qualifiers after -e
exactly "renacerctl run -e trace=openat" trace=openat trace=openat2
exactly "renacerctl run -e clock_g" clock_getres clock_gettime
expect "renacerctl run -e sta" status= stat statfs statx
expect "renacerctl run -e trace=read,%fi" trace=read,%file
expect "renacerctl trace -p 1 -e trace=!%net" "trace=!%net" "trace=!%network"
expect "renacerctl run -e trace=%" trace=%file trace=%desc trace=%process trace=%memory \
        trace=%signal trace=%ipc trace=%creds trace=%clock trace=%pure
exactly "renacerctl run -e status=fa" status=failed
exactly "renacerctl run -e status=failed,un" status=failed,unfinished status=failed,unavailable
expect "renacerctl run -e signal=SIGI" signal=SIGINT
# readline splits "trace=exec" at '=': the words are "trace" "=" "exec"
exactly "renacerctl run -e trace = exec" execve execveat
exactly "renacerctl run -e quiet = ex" exit
exactly "renacerctl run -e none,writ" none,write none,writev
# after -- the command's name, then its own words
expect "renacerctl run -f -- bas" bash
expect "renacerctl run -c bas" bash
exactly "renacerctl run -c -- /bin/true --fo"
exactly "renacerctl status --nothing"
exactly "renacerctl golden check -- truenoexample --ti"

echo "$((n - fails)) of $n completion cases passed"
[ "$fails" -eq 0 ]
