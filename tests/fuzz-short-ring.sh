#!/bin/sh
# tests/fuzz-short.sh for tests/fuzz-ring over tests/corpus-ring.
FUZZ_TARGET=ring
export FUZZ_TARGET
exec sh "$(dirname "$0")/fuzz-short.sh"
