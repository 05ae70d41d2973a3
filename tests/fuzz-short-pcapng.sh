#!/bin/sh
# tests/fuzz-short.sh for tests/fuzz-pcapng over tests/corpus-pcapng.
FUZZ_TARGET=pcapng
export FUZZ_TARGET
exec sh "$(dirname "$0")/fuzz-short.sh"
