#!/usr/bin/env bash
# Expression -> program, unoptimised: bpfjit's FilterCompiler (JMH, ExprCompileBenchmark, which
# also times libpcap's pcap_compile through pcap4j/JNA in the same run) and libpcap's pcap_compile
# in a C loop (expr/src/test/c/pcapcompile.c, no JNA). Needs libpcap-dev and a C compiler, a built
# tree (mvn -DskipTests install) and ../shared/corpus beside the checkout.
#   bench/expr-compile-compare.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
# JMH_BENCH=ExprCompileBenchmark.bpfjit leaves out the pcap4j rows.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${BPFJIT_CORPUS:-$PWD/../shared/corpus}"
bin=$(mktemp -d)/pcapcompile
cc -O2 -o "$bin" expr/src/test/c/pcapcompile.c -lpcap
ids=(001 056 076 118 184 188 189)
echo "libpcap pcap_compile in a C loop (EN10MB, netmask 0), µs per compile:"
echo "  id   unoptimised   optimised"
for id in "${ids[@]}"; do
  expr=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$corpus/programs/index.tsv")
  n=20000
  case "$id" in 184 | 188 | 189) n=3 ;; esac # 300 hosts optimised: 1.6 s a compile
  line="  $id"
  for opt in 0 1; do
    # the first call warms caches; the second is reported
    t=$(printf 'TIME\t1\t%d\t%d\t%s\nTIME\t1\t%d\t%d\t%s\n' "$opt" "$n" "$expr" "$opt" "$n" "$expr" |
      "$bin" | tail -1 | awk '{ printf "%.2f", $2 / 1000 }')
    line="$line $(printf '%12s' "$t")"
  done
  echo "$line"
done
echo
echo "JMH (bpfjit vs libpcap through pcap4j), µs per compile:"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main \
  -jvmArgsAppend "-Dbpfjit.corpus=$corpus" "${JMH_BENCH:-ExprCompileBenchmark}" "$@"
