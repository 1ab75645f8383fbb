# Sourced by the benchmarks: `bench_start NAME TOOL…` checks the tools, makes the scratch
# folder $work (removed on exit) and sets $repo and $ALLIANCE (built unless given);
# `bench_workspace` makes $ws, a copy of the sample workspace with one package, `bench`,
# whose payload folder $ws/packages/bench/files is empty, for the benchmark to fill;
# `fastest PREPARE COMMAND…` times COMMAND.
bench_start() {
    local name=$1
    shift
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "bench/$name needs $tool" >&2; exit 1; }
    done
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if [ -z "${ALLIANCE:-}" ]; then
        cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
        ALLIANCE=$repo/target/release/alliance
    fi
}

bench_workspace() {
    ws=$work/ws
    mkdir -p "$ws/packages"
    cp -r "$repo/alliance.yaml" "$repo/locales" "$repo/templates" "$ws/"
    cp -r "$repo/packages/ledgerline" "$ws/packages/bench"
    sed -i -e 's/^id: ledgerline/id: bench/' -e 's/^name_message: .*//' -e 's/^  config: .*//' \
        -e 's/^description_message: .*//' "$ws/packages/bench/package.yaml"
    rm -rf "$ws/packages/bench/files"
    mkdir -p "$ws/packages/bench/files"
}

# fastest PREPARE COMMAND...: runs PREPARE (untimed, as shell code) then COMMAND, $runs
# times (1 unless set); sets $fastest to the fastest wall time in seconds and $largest to
# the largest peak RSS in KB (GNU time). A failed COMMAND stops the benchmark with its
# error.
fastest() {
    local prepare=$1 seconds kb i
    shift
    fastest="" largest=0
    for i in $(seq "${runs:-1}"); do
        eval "$prepare"
        /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>"$work/err" ||
            { cat "$work/err"; exit 1; }
        read -r seconds kb <"$work/time"
        if [ -z "$fastest" ] || awk "BEGIN{exit !($seconds < $fastest)}"; then fastest=$seconds; fi
        if [ "$kb" -gt "$largest" ]; then largest=$kb; fi
    done
}
