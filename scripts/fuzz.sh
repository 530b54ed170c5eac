#!/usr/bin/env bash
# Fuzzes pinn's parsers and readers with libFuzzer: builds the package in Fuzz/ with
# `-sanitize=fuzzer,address` and runs each target, one after the other, for a fixed number of
# executions, seeded from Fuzz/Seeds (made from Problems/, Meshes/ and small ncgen files).
#
#   scripts/fuzz.sh [EXECUTIONS] [TARGET...]     EXECUTIONS defaults to 1000000; TARGET to all of
#                                                expression problem csv gmsh netcdf hdf5
#
# An input that crashes, takes more than 1 s or needs more than 2 GiB is a failure: libFuzzer
# writes it to Fuzz/.build/fuzz/artifacts/<target>/ and the script exits non-zero (after the
# other targets). New coverage accumulates in Fuzz/.build/fuzz/corpus/<target>/ across runs.
# Environment: FUZZ_FLAGS adds libFuzzer flags (such as -seed=1 or -max_total_time=600).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-1000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expression problem csv gmsh netcdf hdf5)

(cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library) || exit 2
bin=$(cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)

work=$root/Fuzz/.build/fuzz
scratch=$(mktemp -d "${TMPDIR:-/dev/shm}/pinn-fuzz.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Swift's crash reporter would hold the output pipe open after a crash; libFuzzer and ASan report.
export SWIFT_BACKTRACE=enable=no
export PINN_FUZZ_SCRATCH=$scratch/files
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

status=0
printf '%-11s %12s %9s %7s %8s %s\n' target executions seconds cov ft result >"$scratch/summary"
for target in "${targets[@]}"; do
    case $target in
    expression) product=FuzzExpression dict=expression.dict max_len=512 ;;
    problem) product=FuzzProblemDocument dict=problem.dict max_len=8192 ;;
    csv) product=FuzzObservationCSV dict="" max_len=1024 ;;
    gmsh) product=FuzzGmsh dict=gmsh.dict max_len=8192 ;;
    netcdf) product=FuzzNetCDF dict="" max_len=48000 ;;
    hdf5) product=FuzzHDF5 dict="" max_len=12000 ;;
    *) echo "unknown target '$target'" >&2; exit 2 ;;
    esac
    corpus=$work/corpus/$target artifacts=$work/artifacts/$target
    mkdir -p "$corpus" "$artifacts" "$scratch/cwd-$target"
    flags=(-runs="$runs" -timeout=1 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1
        -artifact_prefix="$artifacts/")
    [ -n "$dict" ] && flags+=(-dict="$root/Fuzz/Dictionaries/$dict")
    log=$work/$target.log
    echo "== $target ($product): $runs executions; log $log" >&2
    start=$(date +%s.%N)
    # In an empty folder of its own: the problem decoder resolves relative paths against it.
    (cd "$scratch/cwd-$target" && "$bin/$product" "${flags[@]}" ${FUZZ_FLAGS:-} "$corpus" "$root/Fuzz/Seeds/$target") \
        >"$log" 2>&1
    code=$?
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    result=ok
    if [ $code -ne 0 ]; then
        result="FAILED (exit $code): $(grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error' "$log")"
        status=1
    fi
    printf '%-11s %12s %9.1f %7s %8s %s\n' "$target" "${executions:-?}" "$seconds" "${cov:-?}" "${ft:-?}" \
        "$result" >>"$scratch/summary"
done
cat "$scratch/summary"
exit $status
