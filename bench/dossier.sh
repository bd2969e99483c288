#!/usr/bin/env bash
# bench/dossier.sh [COUNT [CATEGORY...]]: the review dossier of one
# category with 100 applications. Runs BenchmarkDossier100 (layout and PDF
# writing alone, in-process), then a real `dbzx dossier --category C` over
# a workspace that took in COUNT (default 400) sample returns, for each
# category C (default model_branch and double_leader_studio): pages, wall
# time, pages/s, peak memory (max RSS) and file size. Target: ≥ 400
# pages/s on a 2-core machine, memory < 200 MB.
#
# The sample cycles through the four forms, so 400 returns are 100 per
# form; but it has only 8 units × 7 branch kinds = 56 distinct 样板党支部
# names, so model_branch gets 56 applications (the other 44 returns are
# later versions of them); double_leader_studio and innovation_project get
# 100.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-400}
shift || true
categories=("$@")
[ ${#categories[@]} -gt 0 ] || categories=(model_branch double_leader_studio)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== go test -bench BenchmarkDossier100 ./render"
go test -run '^$' -bench 'BenchmarkDossier100$' -benchtime 5x -benchmem -count 1 ./render | grep -E '^(Benchmark|ok|FAIL)'

go build -o "$work/dbzx" ./cmd/dbzx
"$work/dbzx" sample --count "$count" --seed 2022 --out "$work/in" >/dev/null
rm -f "$work/in/manifest.json"
"$work/dbzx" init "$work/ws" >/dev/null
"$work/dbzx" --workspace "$work/ws" intake "$work/in" >/dev/null 2>&1

for category in "${categories[@]}"; do
	echo "== dbzx dossier --category $category ($count returns taken in)"
	rm -rf "$work/out"
	start=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$work/rss" "$work/dbzx" --workspace "$work/ws" dossier --category "$category" \
		--out "$work/out" --json >"$work/result.json"
	end=$(date +%s.%N)
	wall=$(echo "$end - $start" | bc -l)
	apps=$(jq '.[0].applications' "$work/result.json")
	pages=$(jq '.[0].pages' "$work/result.json")
	path=$(jq -r '.[0].path' "$work/result.json")
	size=$(stat -c %s "$path")
	rss=$(cat "$work/rss")
	printf 'applications: %d  pages: %d  wall: %.2f s  pages/s: %.0f  peak RSS: %.1f MB  file: %.2f MB\n' \
		"$apps" "$pages" "$wall" "$(echo "$pages / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
		"$(echo "$size / 1048576" | bc -l)"
	if command -v pdfinfo >/dev/null; then
		printf 'pdfinfo pages: %s\n' "$(pdfinfo "$path" | awk '/^Pages:/ {print $2}')"
	fi
	warnings=$(jq '.[0].warnings | length' "$work/result.json")
	[ "$warnings" = 0 ] || echo "warnings: $warnings"
done
