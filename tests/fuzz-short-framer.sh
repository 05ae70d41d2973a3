#!/bin/sh
# tests/fuzz-short.sh for tests/fuzz-framer over tests/corpus-framer.
FUZZ_TARGET=framer
export FUZZ_TARGET
exec sh "$(dirname "$0")/fuzz-short.sh"
