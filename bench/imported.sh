#!/usr/bin/env bash
# CPU per note of a cold build: imported minutes against the synthetic journal.
#
#   bench/imported.sh                  # 1,000 imported notes, 10,000 synthetic
#   RUNS=7 bench/imported.sh           # more runs (default 5)
#   TMPDIR=/dev/shm bench/imported.sh  # notes and output in memory
#
# The imported journal is cmd/recap/testdata/imported (minutes written before
# recap: no front matter, dates in file and folder names, attendance lists,
# actions written as prose, raw HTML, pages, an archive) copied into numbered
# folders until it holds 1,000 notes; the synthetic one is
# generator/internal/corpus's 10,000 notes, and its 1,000 notes for a
# comparison at the same size. The script builds each RUNS times
# into an empty output folder and prints the median CPU time (user + system)
# per note, and the median wall time, of each.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/recap" ./cmd/recap
go build -o "$work/gencorpus" ./generator/internal/corpus/gencorpus

# The imported journal: copies of the fixture's content folder, each in its
# own folder, so that every note keeps its own page.
src=cmd/recap/testdata/imported
mkdir -p "$work/imported/content"
cp "$src/config.toml" "$work/imported/"
per=$(find "$src/content" -name '*.md' | wc -l)
copies=$(( (1000 + per - 1) / per ))
for i in $(seq -w 1 "$copies"); do
  cp -r "$src/content" "$work/imported/content/copy-$i"
done
# The notes recap reads (the fixture's ignore patterns leave some out), from
# the summary of a first build: "built N meetings, M notes without a date".
notes_of() {
  RECAP_NOW=2024-05-20T12:00:00Z XDG_CACHE_HOME="$work/cache" "$work/recap" build -s "$1" -o "$work/count" 2>&1 |
    sed -n 's/.*built \([0-9]*\) meetings\(, \([0-9]*\) notes\? without a date\)\?.*/\1 \3/p' |
    awk '{ print $1 + $2 }'
  rm -rf "$work/count"
}
imported_notes=$(notes_of "$work/imported")

"$work/gencorpus" -notes 10000 -out "$work/synthetic" >/dev/null
synthetic_notes=$(notes_of "$work/synthetic")
"$work/gencorpus" -notes 1000 -out "$work/synthetic1k" >/dev/null
synthetic1k_notes=$(notes_of "$work/synthetic1k")

# run SITE: builds SITE RUNS times and prints the median "wall cpu" seconds.
run() {
  local site=$1
  : >"$work/runs"
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out"
    sync
    RECAP_NOW=2024-05-20T12:00:00Z XDG_CACHE_HOME="$work/cache" \
      /usr/bin/time -f "%e %U %S" -o "$work/t" "$work/recap" build -s "$site" -o "$work/out" >/dev/null 2>&1
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/t" >>"$work/runs"
  done
  sort -n -k2 "$work/runs" | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print $1, $2 }'
}

read -r iw ic < <(run "$work/imported")
read -r sw sc < <(run "$work/synthetic")
read -r tw tc < <(run "$work/synthetic1k")
echo "| journal | notes | wall (s) | CPU (s) | CPU per note (ms) |"
echo "|---|---:|---:|---:|---:|"
awk -v n="$imported_notes" -v w="$iw" -v c="$ic" 'BEGIN { printf "| imported minutes | %d | %.2f | %.2f | %.2f |\n", n, w, c, 1000 * c / n }'
awk -v n="$synthetic_notes" -v w="$sw" -v c="$sc" 'BEGIN { printf "| synthetic | %d | %.2f | %.2f | %.2f |\n", n, w, c, 1000 * c / n }'
awk -v n="$synthetic1k_notes" -v w="$tw" -v c="$tc" 'BEGIN { printf "| synthetic | %d | %.2f | %.2f | %.2f |\n", n, w, c, 1000 * c / n }'
