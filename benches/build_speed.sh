#!/usr/bin/env bash
# Build-speed benchmark: pufa (and Hugo, when installed) on the same
# generated Chinese content. Prints one row per size and tool: the best wall
# time of $RUNS full builds into a new, empty output folder, the peak memory
# of that run, and how many files it wrote; then pufa's phase profile of
# the largest size.
#
#   benches/build_speed.sh [SIZES...]      default: 1000 10000
#   benches/build_speed.sh 1000 10000 100000
#
# After each pufa row, "cp -r of it" times copying pufa's output into a new
# folder: what creating those files and folders alone costs on this file
# system at that moment (it varies a lot from day to day on a VM).
#
# Needs: cargo, GNU time (/usr/bin/time); optional: hugo (apt-get install hugo).
# Work folder: $BENCH_DIR (default /tmp/pufa-bench). $RUNS defaults to 3.
#
# Every run writes into a folder that has never existed, and old outputs
# are removed well before the next timed run: on a file system without a
# journal, ext4 skips inodes freed in the last 30 seconds when it makes new
# files, so timing a build right after deleting the previous one measures
# that search, not the build.
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

# Removes earlier outputs, then waits until ext4 may reuse their inodes.
settle() {
  rm -rf "$work"/out-*
  sync
  sleep "${SETTLE_SECONDS:-31}"
}

# measure NAME CMD... (CMD contains OUT, replaced by a fresh folder per run):
# prints "SECONDS KIB FILES" of the fastest run.
measure() {
  local name=$1; shift
  local best="" mem="" files=""
  for r in $(seq "$runs"); do
    local out="$work/out-$name-$r"
    local cmd=("${@//OUT/$out}")
    sync
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "${cmd[@]}" >/dev/null 2>"$work/err.txt" || {
      echo "failed: ${cmd[*]}" >&2; tail -5 "$work/err.txt" >&2; return 1; }
    local t m
    read -r t m < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
      best=$t; mem=$m
      if [ -d "$out" ]; then files=$(find "$out" -type f | wc -l); else files=-; fi
    fi
  done
  echo "$best $mem $files"
}

printf '%-8s %-12s %10s %12s %10s\n' pages tool "wall (s)" "peak (MiB)" files
for n in "${sizes[@]}"; do
  site=$work/site-$n hsite=$work/hugo-$n
  [ -d "$site/content" ] || "$gen" "$n" "$site" --hugo "$hsite" >/dev/null
  settle
  read -r t m f < <(measure "pufa-$n" "$pufa" build --root "$site" --output OUT)
  printf '%-8s %-12s %10s %12d %10s\n' "$n" pufa "$t" $((m / 1024)) "$f"
  # The file system's share: copying the folder pufa just wrote (the same
  # files and folders, no work) into a new one.
  sync
  /usr/bin/time -o "$work/time.txt" -f '%e %M' cp -r "$work/out-pufa-$n-1" "$work/out-copy-$n"
  read -r t m < "$work/time.txt"
  printf '%-8s %-12s %10s %12s %10s\n' "$n" "cp -r of it" "$t" - "$f"
  if command -v hugo >/dev/null; then
    settle
    read -r t m f < <(measure "hugo-$n" hugo --quiet --source "$hsite" --destination OUT)
    printf '%-8s %-12s %10s %12d %10s\n' "$n" "$(hugo version | grep -o 'v[0-9.]*' | head -1 | sed 's/^/hugo /')" "$t" $((m / 1024)) "$f"
  fi
done

# The example site (a rebuild: nothing changes) and start-up.
"$pufa" build --root "$PWD" --output "$work/out-example" >/dev/null
read -r t m f < <(measure example "$pufa" build --root "$PWD" --output "$work/out-example")
printf '%-8s %-12s %10s %12d %10s\n' example "pufa (again)" "$t" $((m / 1024)) "$(find "$work/out-example" -type f | wc -l)"
settle
read -r t m f < <(measure example-fresh "$pufa" build --root "$PWD" --output OUT)
printf '%-8s %-12s %10s %12d %10s\n' example "pufa (fresh)" "$t" $((m / 1024)) "$f"
/usr/bin/time -o "$work/time.txt" -f '%e' "$pufa" --version >/dev/null
echo "pufa --version: $(cat "$work/time.txt") s"

largest=${sizes[-1]}
settle
echo "Phase profile of $largest pages (pufa build --timings):"
"$pufa" build --root "$work/site-$largest" --output "$work/out-profile" --timings | tail -n +2
rm -rf "$work"/out-*
