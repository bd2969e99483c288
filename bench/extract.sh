#!/usr/bin/env bash
# bench/extract.sh [COUNT]: how fast dbzx reads returns back, and in how
# much memory. Generates COUNT (default 1000) filled sample returns, then
#  1. go test -bench: extraction vs the bare archive/zip + encoding/xml
#     token walk over the same 1,000 files, on one core (the target is
#     extraction within 2x of the walk);
#  2. the CLI: `dbzx extract --json` over COUNT files, wall time, files/s
#     and peak memory (max RSS).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/dbzx" ./cmd/dbzx
"$work/dbzx" sample --count "$count" --seed 1000 --out "$work/returns" >/dev/null

echo "== go test -bench (1,000 returns, one goroutine)"
go test ./intake -run '^$' -bench 'Extract1000|BareWalk1000' -benchtime 3x -benchmem | grep -E '^Benchmark'

echo "== dbzx extract --json over $count returns"
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/rss" "$work/dbzx" extract --json "$work"/returns/*.docx >/dev/null
end=$(date +%s.%N)
wall=$(echo "$end - $start" | bc -l)
printf 'files: %d  wall: %.2f s  files/s: %.0f  peak RSS: %.1f MB\n' \
	"$count" "$wall" "$(echo "$count / $wall" | bc -l)" "$(echo "$(cat "$work/rss") / 1024" | bc -l)"
