#!/usr/bin/env bash
# Runs the Latchkey.Tokens benchmarks (BenchmarkDotNet, Release, in-process, 3 rounds of 1 launch x 20
# iterations) and prints each goal of issue 2 as a ratio against its target. Exits non-zero when
# a goal is missed. Takes a few minutes on 2 cores. Extra arguments go to BenchmarkDotNet
# (e.g. --filter '*Verify*').
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Latchkey.Bench -c Release -nologo -v q -clp:ErrorsOnly
dotnet bench/Latchkey.Bench/bin/Release/net10.0/Latchkey.Bench.dll "$@"
