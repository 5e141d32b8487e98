#!/usr/bin/env bash
# Whole-process comparison with tcpdump on a large capture (README "Compared with tcpdump"):
# bench-mix.pcap repeated to about 1 GB, read from the page cache, each filter written with
# `tcpdump -r BIG -w OUT EXPR` and `bpfjit filter -p PROG -w OUT BIG`, a fresh OUT every run.
# Checks that both outputs are byte for byte equal, then prints a Markdown table of wall times,
# and a second one of what any program pays here before filtering (bench/src/main/c/floors.c:
# reading the capture and stepping over its records, writing the largest output; bpfjit's own
# start on an empty capture), each the best of RUNS.
#   bench/tcpdump-compare.sh [RUNS] [COPIES]       (defaults: 3 runs, 200 copies = 1.07 GB;
#                                                   800 copies = 4.3 GB)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
copies="${2:-200}"
mix="$here/../shared/corpus/pcaps/bench-mix.pcap"
work="$here/bench/target/tcpdump-compare"
command -v tcpdump >/dev/null || { echo "tcpdump-compare: tcpdump is not installed" >&2; exit 2; }
[ -f "$mix" ] || { echo "tcpdump-compare: $mix is missing" >&2; exit 2; }
mkdir -p "$work"
big="$work/big-$copies.pcap"
if [ ! -f "$big" ]; then
  echo "building $big ($copies copies of bench-mix.pcap)..." >&2
  head -c 24 "$mix" >"$big.tmp"
  tail -c +25 "$mix" >"$work/body.bin"
  for _ in $(seq "$copies"); do cat "$work/body.bin"; done >>"$big.tmp"
  rm "$work/body.bin"
  mv "$big.tmp" "$big"
fi
cat "$big" >/dev/null # into the page cache
"$here/bpfjit" --version >/dev/null # build first, outside the timings

seconds() { # prints the wall time of "$@" in seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

index="$here/../shared/corpus/programs/index.tsv"
echo "| corpus filter | insns | matched | tcpdump -r -w (s) | bpfjit filter -w (s) | best tcpdump / best bpfjit |"
echo "|---|---|---|---|---|---|"
for id in 001 056 076 187 184; do
  expr=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$index")
  prog="$work/$id.ddd"
  tcpdump -ddd "$expr" >"$prog" 2>/dev/null
  t_all=()
  b_all=()
  for _ in $(seq "$runs"); do
    rm -f "$work/t.pcap" "$work/b.pcap"
    sync
    cat "$big" >/dev/null # this machine reclaims idle page cache (DAMON): warm it every time
    t_all+=("$(seconds tcpdump -r "$big" -w "$work/t.pcap" "$expr")")
    rm -f "$work/b.pcap"
    sync
    cat "$big" >/dev/null
    b_all+=("$(seconds "$here/bpfjit" filter -p "$prog" -w "$work/b.pcap" "$big")")
  done
  cmp -s "$work/t.pcap" "$work/b.pcap" || { echo "tcpdump-compare: outputs differ for $id" >&2; exit 1; }
  matched=$("$here/bpfjit" filter -p "$prog" --count "$big" 2>/dev/null)
  t_best=$(printf '%s\n' "${t_all[@]}" | sort -n | head -1)
  b_best=$(printf '%s\n' "${b_all[@]}" | sort -n | head -1)
  short="${expr:0:40}"
  [ "${#expr}" -gt 40 ] && short="$short…"
  printf '| %s `%s` | %s | %s | %s| %s| %.2f× |\n' "$id" "$short" "$(head -1 "$prog")" "$matched" \
    "$(printf '%.2f ' "${t_all[@]}")" "$(printf '%.2f ' "${b_all[@]}")" \
    "$(echo "$t_best / $b_best" | bc -l)"
  out_bytes=$(stat -c %s "$work/b.pcap")
  [ "$out_bytes" -gt "${largest_out:-0}" ] && largest_out=$out_bytes
  rm -f "$work/t.pcap" "$work/b.pcap"
done

# The floors, measured as the runs above are (page cache warmed, a fresh output after a sync).
floors="$work/floors"
cc -O2 -o "$floors" "$here/bench/src/main/c/floors.c"
head -c 24 "$big" >"$work/empty.pcap"
best_of() { # prints the smallest of the numbers on stdin
  sort -n | head -1
}
start=$(for _ in $(seq "$runs"); do
  rm -f "$work/e.pcap"
  seconds "$here/bpfjit" filter -p "$work/056.ddd" -w "$work/e.pcap" "$work/empty.pcap"
done | best_of)
walk=$(for _ in $(seq "$runs"); do
  cat "$big" >/dev/null
  "$floors" walk "$big" | awk '{ printf "%.3f\n", $2 / 1000 }'
done | best_of)
write=$(for _ in $(seq "$runs"); do
  rm -f "$work/w.bin"
  sync
  "$floors" write "$work/w.bin" "$largest_out" | awk '{ printf "%.3f\n", $2 / 1000 }'
done | best_of)
rm -f "$work/e.pcap" "$work/w.bin" "$work/empty.pcap"
echo
echo "| floor (best of $runs) | s |"
echo "|---|---|"
printf '| bpfjit filter -w on an empty capture (JVM start, program, output header) | %.2f |\n' "$start"
printf '| C: read the capture in 1 MB chunks, stepping over every record | %.2f |\n' "$walk"
printf '| C: write %s bytes (the largest output above) to a new file | %.2f |\n' "$largest_out" "$write"
