#!/bin/sh
# deps.sh: makes sure the tools the build or the tests need are installed.
#
# usage: scripts/deps.sh SPEC ...
# A SPEC is TOOL:PACKAGE (a command on the PATH), pc:MODULE:PACKAGE (a
# pkg-config module) or file:PATH:PACKAGE (a file, a font say). For each one
# missing, installs the Debian PACKAGE with apt-get
# (through sudo when not root). When it cannot, it stops and prints the exact
# command to run. Exits 0 when everything is there.
missing=""
for spec in "$@"; do
    pkg=${spec##*:}
    case $spec in
    pc:*)
        mod=${spec#pc:}
        mod=${mod%:*}
        pkg-config --exists "$mod" 2>/dev/null || missing="$missing $pkg"
        ;;
    file:*)
        path=${spec#file:}
        path=${path%:*}
        [ -e "$path" ] || missing="$missing $pkg"
        ;;
    *)
        command -v "${spec%%:*}" >/dev/null 2>&1 || missing="$missing $pkg"
        ;;
    esac
done
# One package may be named twice (pkg-config and its modules, say).
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
missing=${missing% }
[ -n "$missing" ] && missing=" $missing"
[ -z "$missing" ] && exit 0

cmd="apt-get update && apt-get install -y$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
    cmd="sudo apt-get update && sudo apt-get install -y$missing"
else
    echo "memtrack: missing:$missing. As root, run: $cmd" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "memtrack: missing:$missing, and this is not a Debian system; install them with your" \
         "package manager" >&2
    exit 1
fi
echo "memtrack: installing$missing (apt-get) ..." >&2
if $sudo apt-get update -qq >/dev/null &&
   DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null; then
    exit 0
fi
echo "memtrack: could not install$missing. Run: $cmd" >&2
exit 1
