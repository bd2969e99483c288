#!/usr/bin/env bash
# bench/intake.sh [COUNT...]: intake of COUNT (default 1000 and 5000) filled
# sample returns into a new workspace: wall time, files/s and peak memory
# (max RSS), beside extraction alone over the same files (the target is
# intake within 2x of extraction; memory flat as the count grows).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 5000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/dbzx" ./cmd/dbzx

measure() { # label, files, command...
	local label=$1 n=$2
	shift 2
	local start end
	start=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	local wall
	wall=$(echo "$end - $start" | bc -l)
	printf '%-22s files: %5d  wall: %6.2f s  files/s: %6.0f  peak RSS: %6.1f MB\n' "$label" "$n" "$wall" \
		"$(echo "$n / $wall" | bc -l)" "$(echo "$(cat "$work/rss") / 1024" | bc -l)"
}

for n in "${counts[@]}"; do
	rm -rf "$work/in" "$work/ws"
	"$work/dbzx" sample --count "$n" --seed 1000 --out "$work/in" >/dev/null
	rm -f "$work/in/manifest.json"
	measure "extract ($n)" "$n" "$work/dbzx" extract --json "$work"/in/*.docx
	"$work/dbzx" init "$work/ws" >/dev/null
	measure "intake ($n)" "$n" "$work/dbzx" --workspace "$work/ws" intake "$work/in"
	measure "intake re-run ($n)" "$n" "$work/dbzx" --workspace "$work/ws" intake "$work/in"
done
