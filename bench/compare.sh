#!/usr/bin/env bash
# Compare recap's full build with a goldmark-only floor program and with Hugo.
#
#   bench/compare.sh              # a 10,000-note journal
#   bench/compare.sh 10000 100000 # several sizes
#   RUNS=7 bench/compare.sh       # more runs (default 5)
#   TMPDIR=/dev/shm bench/compare.sh  # journals and output in memory: no disk
#
# For each size it generates a synthetic journal (generator/internal/corpus),
# then times each of these in turn, RUNS rounds, and reports the median wall
# time and the largest peak resident memory:
#   - recap cold:   recap build into an empty output folder
#   - recap again:  a second recap build with nothing changed
#   - floor:        read + goldmark GFM + write each note, one worker per CPU (bench/floor)
#   - hugo:         hugo over the same notes with bench/hugo-site, when hugo is installed
# and prints a Markdown table with the ratios recap/floor and hugo/recap, and
# the median CPU time (user + system) of recap's and Hugo's cold builds.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/recap" ./cmd/recap
go build -o "$work/floor" ./bench/floor
go build -o "$work/gencorpus" ./generator/internal/corpus/gencorpus
have_hugo=0
command -v hugo >/dev/null 2>&1 && have_hugo=1

# once NAME PREP CMD...: runs PREP, then times CMD once, appending its wall
# time (s) and peak memory (KB) to $work/runs-NAME.
once() {
  local name=$1 prep=$2; shift 2
  eval "$prep"
  sync # the last run's writes and removals are not billed to this one
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  tail -n 1 "$work/t" >>"$work/runs-$name"
}

# stats NAME: sets $med (median s), $cpu (median user + system s) and $mem
# (largest peak, MB) of NAME's runs.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
stats() {
  med=$(cut -d' ' -f1 "$work/runs-$1" | median)
  cpu=$(awk '{printf "%.2f\n", $3 + $4}' "$work/runs-$1" | median)
  mem=$(cut -d' ' -f2 "$work/runs-$1" | sort -g | tail -n 1 | awk '{printf "%.0f", $1/1024}')
}

echo "recap $("$work/recap" version | cut -d' ' -f2), $(nproc) CPUs, $RUNS runs each, medians; $(date -u +%Y-%m-%d)"
echo
echo "| notes | MB of Markdown | recap cold | recap CPU | recap peak | recap again | floor | recap/floor | hugo | hugo CPU | hugo peak | hugo/recap |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  site="$work/j$n"
  "$work/gencorpus" -notes "$n" -out "$site"
  mdmb=$(du -sm --apparent-size "$site/content" | cut -f1)
  out="$work/out$n"
  rm -f "$work"/runs-*
  # The programs take turns, run by run, so that a slow spell of the disk
  # falls on all of them rather than on one.
  for _ in $(seq "$RUNS"); do
    once cold "rm -rf '$out'" "$work/recap" build -s "$site" --now 2026-11-24T09:00:00Z -o "$out"
    once again ":" "$work/recap" build -s "$site" --now 2026-11-24T09:00:00Z -o "$out"
    once floor "rm -rf '$work/floor-out'" "$work/floor" -content "$site/content" -out "$work/floor-out"
    if [ $have_hugo = 1 ]; then
      once hugo "rm -rf '$work/hugo-out'" hugo --quiet --source bench/hugo-site --contentDir "$site/content" --destination "$work/hugo-out"
    fi
  done
  stats cold; rc=$med; rm_=$mem; rcpu=$cpu
  stats again; ra=$med
  stats floor; fl=$med
  hg="-"; hm="-"; hr="-"; hcpu="-"
  if [ $have_hugo = 1 ]; then
    stats hugo; hg=$med; hm="$mem MB"; hcpu="$cpu s"
    hr=$(awk -v a="$hg" -v b="$rc" 'BEGIN {printf "%.2f×", a/b}')
  fi
  ratio=$(awk -v a="$rc" -v b="$fl" 'BEGIN {printf "%.2f×", a/b}')
  echo "| $n | $mdmb | ${rc} s | ${rcpu} s | ${rm_} MB | ${ra} s | ${fl} s | $ratio | ${hg} s | $hcpu | $hm | $hr |"
  rm -rf "$site" "$out" "$work/floor-out" "$work/hugo-out"
done
