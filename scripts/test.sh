#!/usr/bin/env bash
# Installs what the build needs (if missing) and runs the test suite.
# PINN_SLOW_TESTS=1 also runs the end-to-end accuracy runs that take minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The code stays as `swift format` left it (configuration: .swift-format).
swift format lint --strict --recursive Sources Tests Package.swift
swift test "$@"
