#!/usr/bin/env bash
# Times jalon's commands on generated workspaces of several sizes (hyperfine), and prints a Markdown
# table: mean and standard deviation per (size, command), and the ratio to reading every file of
# the same workspace with `cat`.
#
# Usage: scripts/bench.sh [--smoke] [--sizes "100 1500"] [SIZE...]
#   SIZE...       history entries of the workspaces to time (default: 100 1500 14000 100000)
#   --smoke       sizes 100 and 1500, each command run once, no warm-up (for CI: it fails if a
#                 command fails)
# Environment:
#   BENCH_DIR     where workspaces are generated, one folder per size, reused while the generator
#                 is unchanged (default: $TMPDIR/jalon-bench); results go to $BENCH_DIR/results
#   BENCH_RUNS    timed runs per command (default 5), BENCH_WARMUP warm-up runs (default 3)
#
# Workspaces come from `cargo run --release --example bench_workspace -- DIR --entries N`. Reads are
# timed on the generated workspace; writes on a copy of it (each run records one more entry there).
set -euo pipefail

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=()
smoke=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) smoke=true ;;
        --sizes)
            [[ $# -ge 2 ]] || { echo "bench.sh: --sizes needs a list" >&2; exit 2; }
            read -r -a listed <<<"$2"
            sizes+=("${listed[@]}")
            shift
            ;;
        --sizes=*) read -r -a listed <<<"${1#--sizes=}"; sizes+=("${listed[@]}") ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) sizes+=("$1") ;;
    esac
    shift
done
if $smoke; then
    sizes=(100 1500)
    runs=(--runs 1 --warmup 0)
else
    [[ ${#sizes[@]} -gt 0 ]] || sizes=(100 1500 14000 100000)
    runs=(--runs "${BENCH_RUNS:-5}" --warmup "${BENCH_WARMUP:-3}")
fi
for n in "${sizes[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 50 ]] || { echo "bench.sh: size $n is not a number >= 50" >&2; exit 2; }
done

# Dates and the actor are fixed: the same answers every run, and writes accepted (the generated
# team's evaluator records verdicts).
export JALON_TODAY=2026-12-01
export JALON_ACTOR=evaluator@cesti-bench.example

# --- Tools.

if ! command -v hyperfine >/dev/null; then
    echo "bench.sh: installing hyperfine" >&2
    # Debian's package is quickest; else build it from crates.io.
    apt-get install -y hyperfine || { apt-get update && apt-get install -y hyperfine; } ||
        cargo install --locked hyperfine
fi
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed to read hyperfine's JSON" >&2; exit 1; }

echo "bench.sh: building jalon and the generator (release)" >&2
(cd "$root" && cargo build --release --quiet --bin jalon --example bench_workspace)
target=${CARGO_TARGET_DIR:-$root/target}
jalon=$target/release/jalon
generator=$target/release/examples/bench_workspace

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/jalon-bench}
results=$bench_dir/results
mkdir -p "$bench_dir"
rm -rf "$results"
mkdir -p "$results"

# --- Workspaces: generated once per size, again when the generator changes.

fingerprint=$(sha256sum "$generator" | cut -d' ' -f1)

# Prints the folder of the workspace of $1 entries, generating it unless it is there already.
workspace() {
    local n=$1
    local dir=$bench_dir/ws-$n stamp=$bench_dir/ws-$n.done
    if [[ -d $dir && -f $stamp && $(head -n1 "$stamp") == "$fingerprint" ]]; then
        echo "bench.sh: reusing $dir" >&2
    else
        rm -rf "$dir" "$stamp"
        echo "bench.sh: generating $dir" >&2
        local start end line
        start=$(date +%s.%N)
        line=$("$generator" "$dir" --entries "$n")
        end=$(date +%s.%N)
        printf '%s\n%s\n%s\n' "$fingerprint" "$line" \
            "$(python3 -c "print(f'{$end - $start:.1f}')")" >"$stamp"
        echo "bench.sh: $line (in $(sed -n 3p "$stamp") s)" >&2
    fi
    echo "$dir"
}

# Applicable requirements of the current cycle that no finding names (a conform verdict on them
# is accepted), one a line, `count` lines in all (repeating them if there are fewer).
requirements() {
    local dir=$1 count=$2
    "$jalon" -C "$dir" grid --format json | python3 -c '
import json, sys
count = int(sys.argv[1])
rows = json.load(sys.stdin)["requirements"]
ids = [r["id"] for r in rows if r["applicable"] and not r["findings"] and r["kind"] == "requirement"]
if not ids:
    sys.exit("no requirement of the current cycle takes a conform verdict")
for i in range(count):
    print(ids[i % len(ids)])
' "$count"
}

# --- The batch of verdicts.

# Writes to $2 a batch of 500 verdicts for `jalon assess --batch` (docs/grid.md): a CSV header,
# then `REQ,conform` for requirements of the current cycle of workspace $1 that no finding names.
batch_input() {
    local dir=$1 file=$2
    { echo "requirement,verdict,note"; requirements "$dir" 500 | sed 's/$/,conform,bench/'; } >"$file"
}

# Peak resident memory (MB) of `jalon -C DIR ARGS…`.
peak_memory() {
    python3 - "$jalon" "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
PY
}

# --- Timing.

# time_it SIZE NAME [--shell] COMMAND: times COMMAND into $results/SIZE-NAME.json, run without a
# shell (-N) unless --shell is given.
time_it() {
    local n=$1 name=$2
    shift 2
    local shell=(-N)
    if [[ $1 == --shell ]]; then
        shell=()
        shift
    fi
    hyperfine "${runs[@]}" "${shell[@]}" --command-name "$name" \
        --export-json "$results/$n-${name// /_}.json" "$@"
}

for n in "${sizes[@]}"; do
    dir=$(workspace "$n")
    tail -n +2 "$bench_dir/ws-$n.done" >"$results/$n.entries"
    echo "bench.sh: timing $n entries" >&2
    time_it "$n" cat --shell "find '$dir' -type f -not -path '*/.jalon/*' -print0 | xargs -0 cat > /dev/null"
    time_it "$n" status "$jalon -C $dir status"
    time_it "$n" grid "$jalon -C $dir grid"
    time_it "$n" "finding list" "$jalon -C $dir finding list"
    time_it "$n" calendar "$jalon -C $dir calendar"
    time_it "$n" verify "$jalon -C $dir verify"
    if "$jalon" evidence verify --help | grep -q -- --full; then
        time_it "$n" "evidence verify (cold)" "$jalon -C $dir evidence verify --full"
    else
        time_it "$n" "evidence verify (cold)" "$jalon -C $dir evidence verify"
    fi
    # Unchanged since the run before: what a cache in .jalon/ would save (warm-up runs fill it).
    "$jalon" -C "$dir" evidence verify >/dev/null
    time_it "$n" "evidence verify (unchanged)" "$jalon -C $dir evidence verify"

    # Writes, on a copy: each run records one more entry.
    scratch=$bench_dir/scratch-$n
    rm -rf "$scratch"
    cp -a "$dir" "$scratch"
    req=$(requirements "$scratch" 1)
    time_it "$n" "assess (one write)" "$jalon -C $scratch assess $req --verdict conform --note bench"
    batch_input "$scratch" "$results/$n-batch.csv"
    time_it "$n" "assess (500 in a batch)" "$jalon -C $scratch assess --batch $results/$n-batch.csv"
    rm -rf "$scratch"
    peak_memory -C "$dir" status >"$results/$n.memory"
done

# --- The table.

python3 - "$results" "${sizes[@]}" <<'EOF' | tee "$results/table.md"
import json, pathlib, sys

results = pathlib.Path(sys.argv[1])
sizes = sys.argv[2:]
order = ["cat", "status", "grid", "finding list", "calendar", "verify",
         "evidence verify (cold)", "evidence verify (unchanged)",
         "assess (one write)", "assess (500 in a batch)"]

def timing(size, name):
    path = results / f"{size}-{name.replace(' ', '_')}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["results"][0]

print("| entries | command | mean (ms) | ± σ (ms) | × cat |")
print("|--:|:--|--:|--:|--:|")
for size in sizes:
    cat = timing(size, "cat")
    for name in order:
        t = timing(size, name)
        if t is None:
            continue
        mean = t["mean"] * 1000
        sd = t.get("stddev")
        sd = f"{sd * 1000:.1f}" if sd is not None else "—"
        ratio = f"{t['mean'] / cat['mean']:.1f}" if cat and cat["mean"] > 0 else "—"
        print(f"| {size} | {name} | {mean:.1f} | {sd} | {ratio} |")
print()
for size in sizes:
    line, seconds = (results / f"{size}.entries").read_text().splitlines()[:2]
    memory = (results / f"{size}.memory").read_text().strip()
    print(f"- {size}: {line.split(': ', 1)[-1]}; generated in {seconds} s; `status` peaks at {memory} MB resident")
EOF
echo "bench.sh: results in $results" >&2
