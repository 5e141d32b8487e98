#!/usr/bin/env bash
# The short job of issue 16, as a user with a short capture meets it: a fresh JVM parses,
# verifies and compiles a corpus program, then filters the first 4,096 packets of bench-mix.pcap
# five times. Best of three runs per engine: the JIT (tiered, the default), the JIT without
# tiering, the interpreter, and libpcap's bpf_filter in C (bench/src/main/c/shortjob.c). Each
# engine's JVM has the class path its user has: not the other engine's jar.
# Needs a built tree (mvn -DskipTests install), ../shared/corpus, libpcap-dev and cc.
#   bench/short-job.sh [ID...]    (default: 056 184 189u 186u 184u)
# With ARCHIVE=1, a last column: the tiered JIT in a JVM mapping an application class-data archive
# (-XX:SharedArchiveFile, recorded by one training run of 186u), which a deployment can add.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${BPFJIT_CORPUS:-$PWD/../shared/corpus}"
ids=("$@")
[ ${#ids[@]} -gt 0 ] || ids=(056 184 189u 186u 184u)
bin=$(mktemp -d)/shortjob
cc -O2 -o "$bin" bench/src/main/c/shortjob.c -lpcap
all="bench/target/classes:$(cat bench/target/classpath.txt)"
# each engine's class path as its user has it: the JIT's without the interpreter's jar, and the
# other way round (ShortJob.classPathFor)
engine_cp() { java -cp "$all" io.bpfjit.bench.ShortJob classpath "$1"; }
best() { sort -n | head -1; }
archive=()
if [ "${ARCHIVE:-0}" = 1 ]; then
  # an archive holds classes from jars only: the bench jar instead of its classes directory
  jars="$(ls bench/target/bpfjit-bench-*.jar | grep -v -- -tests | head -1):$(cat bench/target/classpath.txt)"
  jars=$(java -cp "$jars" io.bpfjit.bench.ShortJob classpath jit)
  jsa="${bin%/*}/shortjob.jsa"
  java -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$jars" \
    -Dbpfjit.corpus="$corpus" io.bpfjit.bench.ShortJob jit 186u >/dev/null
  archive=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -cp "$jars")
fi
printf '%-6s %6s %10s %12s %12s %8s%s\n' id insns jit jit-untiered interpreter libpcap \
  "${archive:+ jit+archive}"
for id in "${ids[@]}"; do
  insns=$(head -1 "$corpus/programs/$id.bpf")
  row=$(printf '%-6s %6s' "$id" "$insns")
  for engine in jit jit-untiered interpreter; do
    cp=$(engine_cp "$engine")
    ms=$(for _ in 1 2 3; do
      java -cp "$cp" -Dbpfjit.corpus="$corpus" io.bpfjit.bench.ShortJob "$engine" "$id" | awk '{ print $3 }'
    done | best)
    row="$row $(printf '%9s ms' "$ms")"
  done
  ms=$(for _ in 1 2 3; do
    "$bin" "$corpus/programs/$id.bpf" "$corpus/pcaps/bench-mix.pcap" | awk '{ print $3 }'
  done | best)
  row="$row $(printf '%5s ms' "$ms")"
  if [ ${#archive[@]} -gt 0 ]; then
    ms=$(for _ in 1 2 3; do
      java "${archive[@]}" -Dbpfjit.corpus="$corpus" io.bpfjit.bench.ShortJob jit "$id" | awk '{ print $3 }'
    done | best)
    row="$row $(printf '%9s ms' "$ms")"
  fi
  echo "$row"
done
