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
#
# Targets named in FUZZ_FORK (default: netcdf) run in libFuzzer's fork mode, which keeps going past
# faults of the C libraries (-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1; -runs is
# honoured): netCDF-4 inputs reach libhdf5 through libnetcdf, whose reading of DIMENSION_LIST pinn
# cannot steer (Fuzz/LibraryCrashes/README.md). Each fault input found is then run once more through
# the reader as pinn runs it on user files, in a child process (PINN_FUZZ_SANDBOX=1): the run
# fails unless every fault is contained there. The summary counts faults as oom/timeout/crash.
# Environment: FUZZ_FLAGS adds libFuzzer flags (such as -seed=1 or -max_total_time=600); FUZZ_FORK
# lists the targets to run in fork mode ("" for none).
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
forked=" ${FUZZ_FORK-netcdf} "
printf '%-11s %12s %9s %7s %8s %-14s %s\n' target executions seconds cov ft oom/time/crash result \
    >"$scratch/summary"
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
    fork=no
    if [[ $forked == *" $target "* ]]; then
        fork=yes
        flags+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
    fi
    log=$work/$target.log
    echo "== $target ($product): $runs executions$([ $fork = yes ] && echo ' in fork mode'); log $log" >&2
    touch "$scratch/start-$target"
    start=$(date +%s.%N)
    # In an empty folder of its own: the problem decoder resolves relative paths against it.
    (cd "$scratch/cwd-$target" && "$bin/$product" "${flags[@]}" ${FUZZ_FLAGS:-} "$corpus" "$root/Fuzz/Seeds/$target") \
        >"$log" 2>&1
    code=$?
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    # In fork mode the parent prints no final stats: its last status line counts the executions.
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$executions" ] || executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    faults=$(sed -n 's/.* oom\/timeout\/crash: \([0-9]*\/[0-9]*\/[0-9]*\).*/\1/p' <<<"$last")
    result=ok
    if [ $code -ne 0 ]; then
        result="FAILED (exit $code): $(grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error' "$log")"
        status=1
    elif [ $fork = yes ]; then
        # Every fault input of this run, once more through the reader in its child process.
        mapfile -t found < <(find "$artifacts" -type f -newer "$scratch/start-$target" | sort)
        if [ ${#found[@]} -gt 0 ]; then
            # -detect_leaks=0: libFuzzer would run an input whose mallocs and frees differ twice.
            if (cd "$scratch/cwd-$target" && PINN_FUZZ_SANDBOX=1 PINN_DATA_READ_TIMEOUT=3 \
                "$bin/$product" -timeout=300 -rss_limit_mb=0 -malloc_limit_mb=0 -detect_leaks=0 "${found[@]}") \
                >"$work/$target-contained.log" 2>&1; then
                result="ok: ${#found[@]} fault inputs, each contained in the child process"
            else
                result="FAILED: a fault input is not contained (see $work/$target-contained.log)"
                status=1
            fi
        fi
    fi
    printf '%-11s %12s %9.1f %7s %8s %-14s %s\n' "$target" "${executions:-?}" "$seconds" "${cov:-?}" "${ft:-?}" \
        "${faults:--}" "$result" >>"$scratch/summary"
done
cat "$scratch/summary"
exit $status
