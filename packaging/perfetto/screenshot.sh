#!/bin/sh
# SPDX-License-Identifier: MIT
# Render a `renacerctl run --format perfetto` trace with the local viewer
# (packaging/perfetto/viewer.html) in headless Chromium, to a PNG: the
# README's picture is made this way from a real run.
#   packaging/perfetto/screenshot.sh TRACE.json OUT.png [WIDTHxHEIGHT]
# Needs chromium (Debian: apt-get install chromium); no network.
set -eu
trace=$1 out=$2 size=${3:-1600x900}
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshot.sh: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
[ -r "$trace" ] || { echo "screenshot.sh: cannot read $trace" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the trace inline, before the viewer's script ("</" escaped for the HTML parser)
python3 - "$here/viewer.html" "$trace" "$tmp/page.html" <<'PY'
import json, sys
viewer, trace, out = sys.argv[1:4]
with open(trace) as f:
    data = json.load(f)
inline = "<script>window.RENACER_TRACE = " + json.dumps(data).replace("</", "<\\/") + ";</script>\n"
html = open(viewer).read().replace("<body>\n", "<body>\n" + inline, 1)
open(out, "w").write(html)
PY
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$tmp/profile" --window-size="$(echo "$size" | tr x ,)" \
        --screenshot="$tmp/shot.png" "file://$tmp/page.html" >/dev/null 2>&1
cp "$tmp/shot.png" "$out"
echo "screenshot.sh: $out"
