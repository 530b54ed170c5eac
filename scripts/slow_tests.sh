#!/usr/bin/env bash
# Runs every slow end-to-end check (behind PINN_SLOW_TESTS=1), in a release build with testing
# enabled; about 35–45 minutes on 2 cores:
#   ExampleAccuracyTests   every example in Problems/ (but the families) meets its `expect` bounds
#   FDCompactExampleAccuracyTests  the compact reference reaches 1e-9 on the examples' grids
#   MetaEndToEndTests      meta-train and meta-eval of the Poisson family (about 20 min)
#   testKillScriptPasses   scripts/kill_test.py: SIGKILL at random moments leaves no corrupt file,
#                          SIGTERM + --resume reproduces every loss
#   testPoissonExampleEvalReproducesAndRefines   eval of Problems/poisson.json's result, bit for bit
#   testPoissonAndHelmholtzExampleReferencesReachOneBillionthOnTheirOutputGrids   the chosen
#                          references of poisson.json and helmholtz.json within 1e-9 of the exact
#                          solution (seconds printed)
#   testEveryHeatAndWaveReferenceMatchesTheExactSolution   the space-time references of the heat and
#                          wave examples against their exact solutions
#   ParaViewPlacementTests ParaView's XDMF readers place every node of grids and meshes where HDF5
#                          has it, and the rendered field fills the domain (needs setup.sh --viewers)
#
#   scripts/slow_tests.sh                  all of them
#   scripts/slow_tests.sh --filter REGEX   the tests whose Module.Class/test name matches REGEX
#   PINN_EXAMPLES=REGEX scripts/slow_tests.sh …   ExampleAccuracyTests on the examples whose file
#                                          name matches REGEX only (a rerun; the whole set is the check)
#
# The test binary is run directly, not through `swift test`, whose release runs left nothing of the
# tests' output in a redirected log; the exit status is the test binary's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
filter="ExampleAccuracyTests|MetaEndToEndTests|testKillScriptPasses|testPoissonExampleEvalReproducesAndRefines|ParaViewPlacementTests|testPoissonAndHelmholtzExampleReferencesReachOneBillionthOnTheirOutputGrids|testEveryHeatAndWaveReferenceMatchesTheExactSolution"
if [ $# -gt 0 ]; then
  if [ "$1" != "--filter" ] || [ $# -ne 2 ]; then
    echo "usage: scripts/slow_tests.sh [--filter REGEX]" >&2
    exit 2
  fi
  filter=$2
fi
swift build -c release -Xswiftc -enable-testing --build-tests
binary=$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/pinnPackageTests.xctest
tests=$(PINN_SLOW_TESTS=1 "$binary" --list-tests | grep -E -- "$filter" | paste -sd, - || true)
if [ -z "$tests" ]; then
  echo "no test matches '$filter'" >&2
  exit 2
fi
PINN_SLOW_TESTS=1 exec "$binary" "$tests"
