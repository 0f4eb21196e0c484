#!/usr/bin/env bash
# Fuzzes every file loader of jalon with cargo fuzz (libFuzzer), SECONDS per target (default 10).
#
#   scripts/fuzz.sh            # CI: 10 s per target
#   scripts/fuzz.sh 600        # a long run: 10 minutes per target
#   scripts/fuzz.sh 60 card    # one target
#
# The seed corpus is the repository's real files (workflows, referentials, the demo workspace,
# sovereignty cards, and the CISO Assistant libraries when ../shared is beside the clone) and the
# broken files of tests/bad-input/; it is copied into fuzz/corpus/<target>/ (git-ignored), where
# libFuzzer also keeps what it finds. A crash leaves its input in fuzz/artifacts/<target>/ and
# fails the script: turn it into a regression test named after the bug (docs/SECURITY.md), then
# fix it.
#
# cargo fuzz needs nightly compiler flags; with a stable toolchain, RUSTC_BOOTSTRAP=1 allows them.
# The fuzz build uses its own target folder (JALON_FUZZ_TARGET_DIR, default fuzz/target).
# jalon forbids unsafe code, so the default sanitizer is none (a faster build, more executions);
# JALON_FUZZ_SANITIZER=address also runs AddressSanitizer over the dependencies' unsafe code.
# Debug assertions are on: an arithmetic overflow is a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-10}
shift || true
all=(manifest history_entry referential workflow centre_checks card weights ciso)
targets=("${@:-${all[@]}}")

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "error: cargo fuzz is not installed; run \`cargo install cargo-fuzz\`." >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${JALON_FUZZ_TARGET_DIR:-$root/fuzz/target}
sanitizer=${JALON_FUZZ_SANITIZER:-none}
flags=(-O --debug-assertions --sanitizer "$sanitizer")

shared=$root/../shared/reference/ciso-assistant
bad=$root/tests/bad-input

centre_checks='(
    format: 1,
    checks: [
        (requirement: "12.3.a", id: "x1", text: (en: "Scan hypervisor tags", fr: "Scanner les étiquettes"), method: TechnicalTest),
        (requirement: "5.1.a", id: "x2", text: (en: "Read the policy", fr: "Lire la politique"), method: Documentary),
    ],
)'
weights='{"SOV-1": 15, "SOV-2": 10, "SOV-3": 10, "SOV-4": 15, "SOV-5": 20, "SOV-6": 15, "SOV-7": 10, "SOV-8": 5}'

# Seeds for one target: the repository's real files, and the broken ones of tests/bad-input/.
seed() {
    local target=$1 dir=$root/fuzz/corpus/$1
    mkdir -p "$dir"
    case $target in
        manifest) cp examples/demo/jalon.ron "$bad"/manifest/*.ron "$dir/" ;;
        history_entry) cp examples/demo/history/*.ron "$bad"/entry/*.ron "$dir/" ;;
        referential) cp crates/grid/referentials/*.ron "$bad"/referential/*.ron "$dir/" ;;
        workflow) cp workflows/*.ron "$bad"/workflow/*.ron "$dir/" ;;
        centre_checks)
            cp "$bad"/checks/*.ron "$dir/"
            printf '%s\n' "$centre_checks" >"$dir/checks.ron"
            ;;
        card) cp examples/sovereignty/*.ron "$bad"/card/*.ron "$dir/" ;;
        weights)
            cp "$bad"/card/weights-*.ron "$dir/"
            printf '%s\n' "$weights" >"$dir/weights.ron"
            ;;
        ciso)
            cp "$bad"/ciso/*.yaml "$dir/"
            if [ -d "$shared" ]; then
                cp "$shared"/*.yaml "$dir/"
            else
                echo "note: $shared is missing; the ciso target starts from tests/bad-input/ciso only." >&2
            fi
            ;;
        *)
            echo "error: unknown fuzz target \`$target\`; the targets are: ${all[*]}." >&2
            exit 2
            ;;
    esac
}

start=$(date +%s)
echo "== cargo fuzz build ${flags[*]}"
(cd fuzz && cargo fuzz build "${flags[@]}")

summary=()
total=0
for t in "${targets[@]}"; do
    seed "$t"
    echo "== fuzz $t for ${seconds}s"
    log=$(mktemp)
    # -timeout: an input that takes more than 10 s is reported as a hang;
    # -rss_limit_mb: a loader that balloons memory is reported too.
    if ! (cd fuzz && cargo fuzz run "${flags[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "error: fuzz target \`$t\` found a crash; its input is in fuzz/artifacts/$t/." >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    total=$((total + runs))
    summary+=("$(printf '%-14s %10s executions, coverage %s' "$t" "$runs" "$cov")")
    rm -f "$log"
done

echo "== fuzz summary: ${seconds}s per target, $total executions, $(($(date +%s) - start))s in all (build included), no crash"
printf '%s\n' "${summary[@]}"
