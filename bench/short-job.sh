#!/usr/bin/env bash
# The short job of issue 16, as a user with a short capture meets it: a fresh JVM parses,
# verifies and compiles a corpus program, then filters the first 4,096 packets of bench-mix.pcap
# five times. Best of three runs per engine: the JIT (tiered, the default), the JIT without
# tiering, the interpreter, and libpcap's bpf_filter in C (bench/src/main/c/shortjob.c).
# Needs a built tree (mvn -DskipTests install), ../shared/corpus, libpcap-dev and cc.
#   bench/short-job.sh [ID...]    (default: 056 184 189u 186u 184u)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${BPFJIT_CORPUS:-$PWD/../shared/corpus}"
ids=("$@")
[ ${#ids[@]} -gt 0 ] || ids=(056 184 189u 186u 184u)
bin=$(mktemp -d)/shortjob
cc -O2 -o "$bin" bench/src/main/c/shortjob.c -lpcap
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
best() { sort -n | head -1; }
printf '%-6s %6s %10s %12s %12s %8s\n' id insns jit jit-untiered interpreter libpcap
for id in "${ids[@]}"; do
  insns=$(head -1 "$corpus/programs/$id.bpf")
  row=$(printf '%-6s %6s' "$id" "$insns")
  for engine in jit jit-untiered interpreter; do
    ms=$(for _ in 1 2 3; do
      java -cp "$cp" -Dbpfjit.corpus="$corpus" io.bpfjit.bench.ShortJob "$engine" "$id" | awk '{ print $3 }'
    done | best)
    row="$row $(printf '%9s ms' "$ms")"
  done
  ms=$(for _ in 1 2 3; do
    "$bin" "$corpus/programs/$id.bpf" "$corpus/pcaps/bench-mix.pcap" | awk '{ print $3 }'
  done | best)
  echo "$row $(printf '%5s ms' "$ms")"
done
