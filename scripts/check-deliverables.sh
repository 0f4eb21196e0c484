#!/usr/bin/env bash
# Writes the demo's binary deliverables (DOCX and PDF reports, the XLSX evaluation form, a
# sovereignty card as DOCX and PDF) and checks each with the tools its readers use:
#   - LibreOffice opens every DOCX and the XLSX headless and converts them to PDF (and the XLSX
#     to CSV) without error; pdftotext finds the marking, the conclusion and "n / N" page numbers
#     in what LibreOffice printed;
#   - python-docx opens every DOCX: the marking in the first section's header, PAGE and NUMPAGES
#     fields in its footer, real tables;
#   - pdftotext and pdfinfo read jalon's own PDFs: the conclusion, every finding, and the marking
#     and "n / N" on every page, N being pdfinfo's page count.
# Everything written is left in the output folder (default: target/check-deliverables).
#
# Not part of CI: when missing, it installs LibreOffice (libreoffice-writer-nogui and
# libreoffice-calc-nogui) and poppler-utils with apt-get, which needs root, and python-docx with pip.
# Usage: scripts/check-deliverables.sh [OUTPUT_DIR]
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-target/check-deliverables}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- Tools -------------------------------------------------------------------------------------

apt_packages=()
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    apt_packages+=(libreoffice-writer-nogui libreoffice-calc-nogui)
fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
    apt_packages+=(poppler-utils)
fi
if [ "${#apt_packages[@]}" -ne 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: missing ${apt_packages[*]}; install them (Debian: apt-get install ${apt_packages[*]}) or run this as root" >&2
        exit 2
    fi
    echo "installing with apt-get: ${apt_packages[*]}"
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_packages[@]}" >/dev/null
fi
if command -v soffice >/dev/null 2>&1; then
    soffice=soffice
else
    soffice=libreoffice
fi

python=python3
if ! "$python" -c "import docx" 2>/dev/null; then
    echo "installing with pip: python-docx"
    PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet python-docx
fi

# --- Deliverables ------------------------------------------------------------------------------

export JALON_TODAY=2026-11-23
cargo build --quiet --release --locked
jalon="$root/${CARGO_TARGET_DIR:-target}/release/jalon"
case "${CARGO_TARGET_DIR:-}" in /*) jalon="$CARGO_TARGET_DIR/release/jalon" ;; esac

rm -rf "$out/ws"
"$jalon" demo "$out/ws" >/dev/null

marking="Diffusion Restreinte"
default_marking="Confidentiel"
conclusion="Favorable avec réserves"
cycle=(--cycle initial --at 2024-06-10)

for format in docx pdf; do
    "$jalon" -C "$out/ws" report summary "${cycle[@]}" --format "$format" --marking "$marking" \
        -o "$out/summary.$format" >/dev/null
    "$jalon" -C "$out/ws" report plan "${cycle[@]}" --format "$format" -o "$out/plan.$format" >/dev/null
    # The card is read from the repository's examples, so run from the repository root.
    "$jalon" sovereignty card examples/sovereignty/scalingo.ron --format "$format" \
        -o "$out/card.$format" >/dev/null
done
"$jalon" -C "$out/ws" export form "${cycle[@]}" --to xlsx -o "$out/form.xlsx" >/dev/null

# --- Checks ------------------------------------------------------------------------------------

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

passed=0
failures=0
ok() {
    echo "ok: $*"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# Prints its arguments quoted and joined with commas and "and": "a", "b" and "c".
quoted() {
    local text="" i
    for ((i = 1; i <= $#; i++)); do
        if [ "$i" -gt 1 ]; then
            if [ "$i" -eq $# ]; then text+=" and "; else text+=", "; fi
        fi
        text+="\"${!i}\""
    done
    echo "$text"
}

# Converts a file headless with LibreOffice into $out/libreoffice/, with a throwaway profile (so
# it works as root and beside another LibreOffice); fails when LibreOffice exits non-zero or reports
# an error. Usage: convert FILE FILTER
: >"$out/soffice.log"
convert() {
    local file=$1 filter=$2 profile
    profile=$(mktemp -d "$scratch/profile.XXXXXX")
    mkdir -p "$out/libreoffice"
    local status=0
    "$soffice" "-env:UserInstallation=file://$profile" --headless --norestore \
        --convert-to "$filter" --outdir "$out/libreoffice" "$file" >"$scratch/soffice.log" 2>&1 \
        || status=$?
    {
        echo "--- $soffice --convert-to $filter $file (exit $status)"
        cat "$scratch/soffice.log"
    } >>"$out/soffice.log"
    [ "$status" -eq 0 ] && ! grep -qE '^Error|Error:' "$scratch/soffice.log"
}

# Prints "PAGES BAD" for a PDF: its page count (pdfinfo) and how many of its pages lack "n / N"
# (unless --unnumbered) or any of the given texts. Usage: pages [--unnumbered] PDF [TEXT…]
pages() {
    "$python" - "$@" <<'EOF'
import re, subprocess, sys

args = sys.argv[1:]
numbered = args[0] != "--unnumbered"
if not numbered:
    args = args[1:]
pdf, texts = args[0], args[1:]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
sheets = text.split("\f")
if sheets and not sheets[-1].strip():
    sheets.pop()
bad = []
for n, sheet in enumerate(sheets, 1):
    flat = " ".join(sheet.split())
    missing = [t for t in texts if t not in flat]
    # pdftotext can drop the spaces around the slash in LibreOffice's PDFs ("1/6"), so allow that.
    if numbered and not re.search(rf"(?<!\d){n} ?/ ?{count}(?!\d)", flat):
        missing.append(f"{n} / {count}")
    if missing:
        bad.append(n)
        print(f"  {pdf}: page {n} lacks {', '.join(repr(m) for m in missing)}", file=sys.stderr)
if len(sheets) != count:
    print(f"  {pdf}: pdftotext found {len(sheets)} page(s), pdfinfo {count}", file=sys.stderr)
    bad.append(0)
print(count, len(bad))
EOF
}

# Whether pdftotext finds every given text in a PDF (lines joined, so wrapped text counts).
# Usage: holds PDF TEXT…
holds() {
    local pdf=$1 text missing=()
    shift
    text=$(pdftotext "$pdf" - | tr -s ' \n\f' ' ')
    for want in "$@"; do
        if [[ $text != *"$want"* ]]; then
            missing+=("$want")
        fi
    done
    if [ "${#missing[@]}" -ne 0 ]; then
        echo "  $pdf lacks: ${missing[*]}" >&2
        return 1
    fi
}

# LibreOffice: every DOCX converts to a non-empty PDF holding the expected texts, with the marking
# (when there is one) and "n / N" on every page.
for name in summary plan card; do
    case $name in
        summary) texts=("$conclusion") every=("$marking") ;;
        plan) texts=() every=("$default_marking") ;;
        card) texts=("Scalingo") every=() ;;
    esac
    converted="$out/libreoffice/$name.pdf"
    rm -f "$converted"
    if ! convert "$out/$name.docx" pdf || [ ! -s "$converted" ]; then
        fail "LibreOffice did not convert $name.docx to PDF (see $out/soffice.log)"
        continue
    fi
    if ! holds "$converted" "${texts[@]}"; then
        fail "$name.docx converted by LibreOffice lacks an expected text"
        continue
    fi
    result=$(pages "$converted" "${every[@]}") || true
    read -r count bad <<<"${result:-0 1}"
    if [ "$count" -eq 0 ] || [ "$bad" -ne 0 ]; then
        fail "$name.docx converted by LibreOffice: $bad of $count page(s) lack $(quoted "${every[@]}" "n / $count")"
        continue
    fi
    ok "LibreOffice converts $name.docx to a $count-page PDF${texts[*]:+ with $(quoted "${texts[@]}")}; $(quoted "${every[@]}" "n / $count") on every page"
done

# LibreOffice: the XLSX converts to PDF with the marking atop every printed page, and to CSV
# whose first line is the header row.
converted="$out/libreoffice/form.pdf"
rm -f "$converted"
if convert "$out/form.xlsx" pdf && [ -s "$converted" ]; then
    result=$(pages --unnumbered "$converted" "$default_marking") || true
    read -r count bad <<<"${result:-0 1}"
    if [ "$count" -gt 0 ] && [ "$bad" -eq 0 ]; then
        ok "LibreOffice converts form.xlsx to a $count-page PDF with \"$default_marking\" on every page"
    else
        fail "form.xlsx converted by LibreOffice: $bad of $count page(s) lack \"$default_marking\""
    fi
else
    fail "LibreOffice did not convert form.xlsx to PDF (see $out/soffice.log)"
fi
converted="$out/libreoffice/form.csv"
rm -f "$converted"
# Filter options: comma-separated, double quotes, UTF-8 (76).
if convert "$out/form.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76' && [ -s "$converted" ]; then
    header=$(head -n 1 "$converted")
    if [[ $header == *Exigence* ]]; then
        ok "LibreOffice re-opens form.xlsx as CSV ($(wc -l <"$converted") lines) with \"Exigence\" in its header"
    else
        fail "form.xlsx as CSV: the first line lacks \"Exigence\": $header"
    fi
else
    fail "LibreOffice did not convert form.xlsx to CSV (see $out/soffice.log)"
fi

# python-docx: each DOCX opens, with the marking in the header, PAGE/NUMPAGES in the footer, tables.
docx() {
    "$python" - "$@" <<'EOF'
import sys
import docx

path, marking, min_tables = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = docx.Document(path)
section = doc.sections[0]
problems = []

def texts(part):
    found = [p.text for p in part.paragraphs]
    for table in part.tables:
        found += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(found)

if marking:
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    for header in headers:
        if marking not in texts(header):
            problems.append(f"the header lacks {marking!r} (it holds {texts(header)!r})")
footers = [section.footer]
if section.different_first_page_header_footer:
    footers.append(section.first_page_footer)
for footer in footers:
    xml = footer._element.xml
    for field in ("PAGE", "NUMPAGES"):
        simple = f'w:instr="{field}' in xml or f'w:instr=" {field}' in xml
        complex_ = any(
            t.text and t.text.split() and t.text.split()[0] == field
            for t in footer._element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")
        )
        if not (simple or complex_):
            problems.append(f"the footer has no {field} field")
if len(doc.tables) < min_tables:
    problems.append(f"{len(doc.tables)} table(s), fewer than {min_tables}")
for problem in problems:
    print(f"  {path}: {problem}", file=sys.stderr)
print(f"{len(doc.tables)} {len(doc.paragraphs)}")
sys.exit(1 if problems else 0)
EOF
}
for name in summary plan card; do
    case $name in
        summary) want=$marking min=5 ;;
        plan) want=$default_marking min=1 ;;
        card) want="" min=1 ;;
    esac
    if result=$(docx "$out/$name.docx" "$want" "$min"); then
        read -r tables paragraphs <<<"$result"
        ok "python-docx opens $name.docx: ${want:+\"$want\" in the header, }PAGE and NUMPAGES in the footer, $tables tables, $paragraphs paragraphs"
    else
        fail "python-docx: $name.docx is not as expected"
    fi
done

# jalon's own PDFs: the summary holds the conclusion and every finding; every page of each holds
# the marking and "n / N".
if holds "$out/summary.pdf" "$conclusion" F-0001 F-0002 F-0003 F-0004 F-0005; then
    ok "summary.pdf holds \"$conclusion\" and findings F-0001 to F-0005"
else
    fail "summary.pdf lacks the conclusion or a finding"
fi
for name in summary plan card; do
    case $name in
        summary) texts=("$marking") ;;
        plan) texts=("$default_marking") ;;
        card) texts=() ;;
    esac
    result=$(pages "$out/$name.pdf" "${texts[@]}") || true
    read -r count bad <<<"${result:-0 1}"
    if [ "$count" -gt 0 ] && [ "$bad" -eq 0 ]; then
        ok "$name.pdf: $(quoted "${texts[@]}" "n / $count") on each of its $count page(s)"
    else
        fail "$name.pdf: $bad of $count page(s) lack $(quoted "${texts[@]}" "n / $count")"
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed, $passed passed; see $out" >&2
    exit 1
fi
echo "$passed checks passed"
