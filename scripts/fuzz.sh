#!/usr/bin/env bash
# Fuzzes every file loader of jalon with cargo fuzz (libFuzzer), SECONDS per target (default 10).
#
#   scripts/fuzz.sh            # CI: 10 s per target
#   scripts/fuzz.sh 600        # a long run: 10 minutes per target
#   scripts/fuzz.sh 60 card    # one target
#
# The seed corpus is the repository's real files (workflows, referentials, the demo workspace,
# sovereignty cards) and, when ../shared is beside the clone, the CISO Assistant libraries; it is
# copied afresh into fuzz/corpus/<target>/ (git-ignored), where libFuzzer also keeps what it finds.
# A crash leaves its input in fuzz/artifacts/<target>/ and fails the script: turn it into a
# regression test named after the bug (see docs/SECURITY.md), then fix it.
#
# cargo fuzz needs nightly compiler flags; with a stable toolchain, RUSTC_BOOTSTRAP=1 allows them.
# The fuzz build uses its own target folder (JALON_FUZZ_TARGET_DIR, default fuzz/target).
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

shared=$root/../shared/reference/ciso-assistant

# Seeds for one target, from the repository's files.
seed() {
    local target=$1 dir=$root/fuzz/corpus/$1
    mkdir -p "$dir"
    case $target in
        manifest) cp examples/demo/jalon.ron "$dir/" ;;
        history_entry) cp examples/demo/history/*.ron "$dir/" ;;
        referential) cp crates/grid/referentials/*.ron "$dir/" ;;
        workflow) cp workflows/*.ron "$dir/" ;;
        centre_checks)
            cat >"$dir/checks.ron" <<'EOF'
(
    format: 1,
    checks: [
        (requirement: "12.3.a", id: "x1", text: (en: "Scan hypervisor tags", fr: "Scanner les étiquettes"), method: TechnicalTest),
        (requirement: "5.1.a", id: "x2", text: (en: "Read the policy", fr: "Lire la politique"), method: Documentary),
    ],
)
EOF
            ;;
        card) cp examples/sovereignty/*.ron "$dir/" ;;
        weights)
            printf '{"SOV-1": 15, "SOV-2": 10, "SOV-3": 10, "SOV-4": 15, "SOV-5": 20, "SOV-6": 15, "SOV-7": 10, "SOV-8": 5}\n' >"$dir/weights.ron"
            ;;
        ciso)
            if [ -d "$shared" ]; then
                cp "$shared"/*.yaml "$dir/"
            else
                echo "note: $shared is missing; the ciso target starts from a small library." >&2
                cat >"$dir/small.yaml" <<'EOF'
urn: urn:intuitem:risk:library:small
locale: fr
ref_id: small
name: Small
objects:
  framework:
    urn: urn:intuitem:risk:framework:small
    ref_id: small
    name: Small
    requirement_nodes:
    - urn: urn:intuitem:risk:req_node:small:1
      assessable: false
      depth: 1
      ref_id: '1'
      name: Chapter
    - urn: urn:intuitem:risk:req_node:small:1.1
      assessable: true
      depth: 2
      parent_urn: urn:intuitem:risk:req_node:small:1
      ref_id: 1.1.a
      description: Text.
EOF
            fi
            ;;
        *)
            echo "error: unknown fuzz target \`$target\`; the targets are: ${all[*]}." >&2
            exit 2
            ;;
    esac
}

start=$(date +%s)
echo "== cargo fuzz build (release, debug assertions on)"
(cd fuzz && cargo fuzz build -O --debug-assertions)

summary=()
for t in "${targets[@]}"; do
    seed "$t"
    echo "== fuzz $t for ${seconds}s"
    log=$(mktemp)
    # -timeout: an input that takes more than 10 s is reported as a hang;
    # -rss_limit_mb: a loader that balloons memory is reported too.
    if ! (cd fuzz && cargo fuzz run -O --debug-assertions "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "error: fuzz target \`$t\` found a crash; its input is in fuzz/artifacts/$t/." >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
    summary+=("$(printf '%-14s %10s executions  coverage %s' "$t" "$runs" "$cov")")
    rm -f "$log"
done

echo "== fuzz summary (${seconds}s per target, $(($(date +%s) - start))s in all, build included)"
printf '%s\n' "${summary[@]}"
