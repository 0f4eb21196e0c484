#!/usr/bin/env bash
# Renders the demo's summary report and evaluation plan as HTML (French and English), opens each
# in headless Chromium, and checks what a reader would get:
#   - a screenshot that exists and is not blank (size, and a pixel-variety check with PIL);
#   - a PDF printed by Chromium in which every page carries the confidentiality marking
#     (checked with pdftotext when poppler-utils is installed).
# Screenshots and PDFs are left in the output folder (default: target/check-html) to look at.
#
# Not part of CI: it needs Chromium (installed with apt-get when missing and run as root).
# Usage: scripts/check-html.sh [OUTPUT_DIR]
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-target/check-html}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: chromium is missing; install it (Debian: apt-get install chromium) or run this as root" >&2
        exit 2
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

export JALON_TODAY=2026-11-23
cargo build --quiet
jalon="${CARGO_TARGET_DIR:-target}/debug/jalon"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$jalon" demo "$scratch/demo" >/dev/null

marking="Diffusion Restreinte"

# A Python with PIL, if there is one (pyenv's python3 may lack it; Debian's python3-pil does not).
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import PIL" 2>/dev/null; then
        python=$candidate
        break
    fi
done

chrome() {
    local profile
    profile=$(mktemp -d "$scratch/profile.XXXXXX")
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" "$@" >>"$out/chromium.log" 2>&1
}

failures=0
fail() {
    echo "FAIL $*" >&2
    failures=$((failures + 1))
}

: >"$out/chromium.log"
for lang in fr en; do
    for report in summary plan; do
        name="$report-$lang"
        html="$out/$name.html"
        "$jalon" -C "$scratch/demo" report "$report" --to html --lang "$lang" \
            --marking "$marking" -o "$html" >/dev/null

        if grep -qiE '<script|<link|src=|url\(|@import' "$html"; then
            fail "$name: the HTML fetches or runs something"
        fi

        png="$out/$name.png"
        rm -f "$png"
        chrome --screenshot="$png" --window-size=1280,2000 "file://$html"
        if [ ! -s "$png" ]; then
            fail "$name: no screenshot"
            continue
        fi
        size=$(wc -c <"$png")
        if [ "$size" -lt 20000 ]; then
            fail "$name: the screenshot is only $size bytes (blank?)"
        fi
        if [ -n "$python" ]; then
            if ! "$python" - "$png" <<'EOF'
import sys
from PIL import Image

image = Image.open(sys.argv[1]).convert("RGB")
small = image.resize((image.width // 4, image.height // 4))
pixels = list(small.getdata())
colours = len(set(pixels))
background = max(set(pixels), key=pixels.count)
inked = sum(1 for p in pixels if p != background) / len(pixels)
print(f"  {sys.argv[1]}: {image.width}x{image.height}, {colours} colours, {inked:.0%} inked")
if colours < 32 or inked < 0.05:
    sys.exit(f"{sys.argv[1]} looks blank")
EOF
            then
                fail "$name: the screenshot looks blank"
            fi
        else
            echo "  (no PIL: only the screenshot's size was checked)"
        fi

        pdf="$out/$name.pdf"
        rm -f "$pdf"
        chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html"
        if [ ! -s "$pdf" ]; then
            fail "$name: no PDF"
        elif command -v pdftotext >/dev/null 2>&1; then
            # Pages are separated by form feeds; each must show the marking (upper-cased by CSS).
            pages=$(pdftotext -layout "$pdf" - | awk -v RS='\f' -v m="${marking^^}" '
                NF { n++; if (index(toupper($0), m) == 0) missing++ }
                END { printf "%d %d", n, missing + 0 }')
            read -r count missing <<<"$pages"
            echo "  $pdf: $count page(s), $missing without the marking"
            if [ "$count" -eq 0 ] || [ "$missing" -ne 0 ]; then
                fail "$name: $missing of $count printed page(s) lack the marking"
            fi
        fi
        echo "ok $name"
    done
done

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed; see $out" >&2
    exit 1
fi
echo "All HTML reports render; screenshots and PDFs are in $out."
