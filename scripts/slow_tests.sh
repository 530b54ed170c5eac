#!/usr/bin/env bash
# Runs every slow end-to-end check (behind PINN_SLOW_TESTS=1), in a release build with testing
# enabled; about 45 minutes on 2 cores:
#   ExampleAccuracyTests   every example in Problems/ (but the families) meets its `expect` bounds
#   MetaEndToEndTests      meta-train and meta-eval of the Poisson family (about 20 min)
#   testKillScriptPasses   scripts/kill_test.py: SIGKILL at random moments leaves no corrupt file,
#                          SIGTERM + --resume reproduces every loss
#   testPoissonExampleEvalReproducesAndRefines   eval of Problems/poisson.json's result, bit for bit
#   ParaViewPlacementTests ParaView (both XDMF readers) places every node of 1-D/2-D/3-D grids and
#                          meshes where HDF5 does (scripts/check_viewers.py --paraview; skipped
#                          without pvpython/xvfb-run: scripts/setup.sh --viewers)
# Extra arguments go to `swift test` (e.g. --filter ExampleAccuracyTests for one of them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
filter="ExampleAccuracyTests|MetaEndToEndTests|testKillScriptPasses|testPoissonExampleEvalReproducesAndRefines|ParaViewPlacementTests"
if [ $# -gt 0 ]; then
  PINN_SLOW_TESTS=1 swift test -c release -Xswiftc -enable-testing "$@"
else
  PINN_SLOW_TESTS=1 swift test -c release -Xswiftc -enable-testing --filter "$filter"
fi
