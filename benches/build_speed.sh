#!/usr/bin/env bash
# Build-speed benchmark: pufa (and Hugo, when installed) on the same
# generated Chinese content. Prints one row per size: wall time and peak
# memory of a full build into an empty output folder.
#
#   benches/build_speed.sh [SIZES...]      default: 1000 10000
#   benches/build_speed.sh 1000 10000 100000
#
# Needs: cargo, GNU time (/usr/bin/time); optional: hugo (apt-get install hugo).
# Work folder: $BENCH_DIR (default /tmp/pufa-bench). Each run is repeated
# $RUNS times (default 3) and the best wall time is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${BENCH_DIR:-/tmp/pufa-bench}
runs=${RUNS:-3}
mkdir -p "$work"

cargo build --quiet --release
cargo build --quiet --release --example gen_site
pufa=$PWD/target/release/pufa
gen=$PWD/target/release/examples/gen_site

# measure OUT CMD...: empties OUT, runs CMD; prints "SECONDS KIB" of the
# fastest of $runs runs (peak memory of that run).
measure() {
  local out_dir=$1; shift
  local best="" mem=""
  for _ in $(seq "$runs"); do
    rm -rf "$out_dir"
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
    local t m
    read -r t m < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

printf '%-8s %-10s %12s %12s %10s\n' pages tool "wall (s)" "peak (MiB)" files
for n in "${sizes[@]}"; do
  site=$work/site-$n hsite=$work/hugo-$n
  [ -d "$site/content" ] || "$gen" "$n" "$site" --hugo "$hsite" 2>/dev/null
  read -r t m < <(measure "$work/out-pufa-$n" "$pufa" build --root "$site" --output "$work/out-pufa-$n")
  files=$(find "$work/out-pufa-$n" -type f | wc -l)
  printf '%-8s %-10s %12s %12d %10s\n' "$n" pufa "$t" $((m / 1024)) "$files"
  if command -v hugo >/dev/null; then
    read -r t m < <(measure "$work/out-hugo-$n" hugo --quiet --source "$hsite" --destination "$work/out-hugo-$n")
    files=$(find "$work/out-hugo-$n" -type f | wc -l)
    printf '%-8s %-10s %12s %12d %10s\n' "$n" "hugo" "$t" $((m / 1024)) "$files"
  fi
done

# The example site and start-up.
read -r t m < <(measure "$work/out-example" "$pufa" build --root "$PWD" --output "$work/out-example")
printf '%-8s %-10s %12s %12d\n' example pufa "$t" $((m / 1024))
/usr/bin/time -o "$work/time.txt" -f '%e' "$pufa" --version >/dev/null
ver=$(cat "$work/time.txt")
echo "pufa --version: ${ver} s"
echo "Phase profile of the largest size (pufa build --timings):"
"$pufa" build --root "$work/site-${sizes[-1]}" --output "$work/out-pufa-${sizes[-1]}" --timings | tail -n +2
