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
expect "renacerctl ''" run trace status sessions policy reload golden
exactly "renacerctl r" run reload
exactly "renacerctl g" golden
exactly "renacerctl golden ''" capture check
exactly "renacerctl policy ''" check
expect "renacerctl run -" -f -c -C -T -e -o -s --format --policy --socket
# only what --help names (the long aliases are not in it)
exactly "renacerctl run --fo" --format
exactly "renacerctl trace --p" --pid --policy
exactly "renacerctl run --format ''" text json jsonl
exactly "renacerctl golden check --t" --tolerance
exactly "renacerctl golden capture --d" --dir
# syscall names and classes after -e, with and without trace=
exactly "renacerctl run -e trace=openat" trace=openat trace=openat2
exactly "renacerctl run -e clock_g" clock_getres clock_gettime
expect "renacerctl run -e trace=read,%fi" trace=read,%file
expect "renacerctl trace --pid 1 -e trace=!%net" "trace=!%net" "trace=!%network"
expect "renacerctl run -e trace=%" trace=%file trace=%desc trace=%process trace=%memory \
        trace=%signal trace=%ipc trace=%creds trace=%clock trace=%pure
# readline splits "trace=exec" at '=': the words are "trace" "=" "exec"
exactly "renacerctl run -e trace = exec" execve execveat
exactly "renacerctl run -e none,writ" none,write none,writev
# --pid offers live processes: this shell's
expect "renacerctl trace --pid ''" "$$"
# after -- the command's name, then its own words
expect "renacerctl run -f -- bas" bash
exactly "renacerctl run -c -- /bin/true --fo"
exactly "renacerctl status --nothing"

echo "$((n - fails)) of $n completion cases passed"
[ "$fails" -eq 0 ]
