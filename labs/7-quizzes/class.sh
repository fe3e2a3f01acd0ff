#!/bin/sh
# class.sh: a worksheet and an answer key for each student of class.txt
# (lines "SEED NAME"; # comments): the seed is the student's number, so each
# one gets a problem of their own. The worksheet's answer sheet carries the
# student's name. Usage: sh class.sh [KIND FLAGS...]
# (default: translate -u 75 -n 6).
set -e
[ $# -gt 0 ] || set -- translate -u 75 -n 6
mkdir -p worksheets keys
while read -r seed name; do
    case $seed in '#'* | '') continue ;; esac
    # The name goes in as it is (ENVIRON: no sed or awk escapes, so & | \
    # are fine); a student without one keeps the "# name:" line to fill in.
    memtrack quiz "$@" --seed "$seed" --worksheet |
        NAME=$name awk '/^# name: YOUR NAME/ && ENVIRON["NAME"] != "" {
            print "name: " ENVIRON["NAME"]; next } { print }' >"worksheets/$seed.txt"
    memtrack quiz "$@" --seed "$seed" -c >"keys/$seed.txt"
    echo "$seed${name:+ $name}: worksheets/$seed.txt, keys/$seed.txt"
done <class.txt
