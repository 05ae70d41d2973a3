#!/bin/sh
# Includes between the top-level folders run one way only:
#   sniffer/ -> tui/ -> vscore/ -> dissector/, and plugins/ -> dissector/
# A folder may include its own headers and those of the folders after it in
# its line, nothing else (tests/ and bench/ may include anything). Every
# `#include "FOLDER/..."` of those five folders is checked; each one that goes
# the wrong way is named with its file and line, and the test fails.
# LAYERING_ROOT (default $top_srcdir) is the tree to check.
root=${LAYERING_ROOT:-${top_srcdir:-$(dirname "$0")/..}}
cd "$root" || exit 99

# The folders a folder may include, its own first.
allowed() {
	case $1 in
	sniffer) echo "sniffer tui vscore dissector" ;;
	tui) echo "tui vscore dissector" ;;
	vscore) echo "vscore dissector" ;;
	dissector) echo "dissector" ;;
	plugins) echo "plugins dissector" ;;
	esac
}

checked=0
bad=0
for dir in sniffer tui vscore dissector plugins; do
	[ -d "$dir" ] || { echo "test-layering: no folder $dir in $root"; exit 99; }
	ok=" $(allowed "$dir") "
	# file:line:#include "folder/..." for every quoted include with a folder
	out=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"/]+/' "$dir" \
		--include='*.c' --include='*.h' --include='*.def' --include='*.in') || true
	[ -n "$out" ] || continue
	while IFS= read -r hit; do
		file=${hit%%:*}
		rest=${hit#*:}
		line=${rest%%:*}
		target=$(printf '%s\n' "$rest" | sed -E 's/^[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"/]+)\/.*/\1/')
		checked=$((checked + 1))
		case $ok in
		*" $target "*) ;;
		*)
			echo "$file:$line: $dir/ includes $target/ (allowed: $(allowed "$dir"))"
			bad=$((bad + 1))
			;;
		esac
	done <<EOF
$out
EOF
done

if [ "$bad" -gt 0 ]; then
	echo "FAIL: $bad of $checked includes between folders go the wrong way" \
		"(sniffer -> tui -> vscore -> dissector, plugins -> dissector)"
	exit 1
fi
# a check that found nothing to check would pass on an empty tree
[ "$checked" -gt 0 ] || { echo "FAIL: no include between folders found under $root"; exit 1; }
echo "PASS: $checked includes between folders, all one way"
