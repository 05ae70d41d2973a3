#!/bin/sh
# tests/fuzz-short.sh for tests/fuzz-payload over tests/corpus-payload.
FUZZ_TARGET=payload
export FUZZ_TARGET
exec sh "$(dirname "$0")/fuzz-short.sh"
