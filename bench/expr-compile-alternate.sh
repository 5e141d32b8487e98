#!/usr/bin/env bash
# Expression -> program, bpfjit against libpcap timed alternately: each round runs libpcap's
# pcap_compile in a C loop (expr/src/test/c/pcapcompile.c, about a second) and then a fresh JVM
# that compiles the expression for 4 s of warm-up and 1 s measured (ExprCompileLoop), so both
# meet the same moments of a noisy machine. Prints every round's means and the medians.
# Needs libpcap-dev and a C compiler and a built tree (mvn -DskipTests install).
#   bench/expr-compile-alternate.sh EXPRESSION [ROUNDS [C_COMPILES [OPTIMIZE]]]
#   e.g. bench/expr-compile-alternate.sh 'tcp port 80' 6 200000
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 EXPRESSION [ROUNDS [C_COMPILES [true|false]]]" >&2; exit 2; }
expr=$1
rounds=${2:-6}
n=${3:-20000}
optimize=${4:-true}
opt=0
[ "$optimize" = true ] && opt=1
bin=$(mktemp -d)/pcapcompile
cc -O2 -o "$bin" expr/src/test/c/pcapcompile.c -lpcap
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "round  libpcap µs  bpfjit µs   ($expr, optimise $optimize)"
c_all=()
j_all=()
for r in $(seq "$rounds"); do
  c=$(printf 'TIME\t1\t%d\t%d\t%s\n' "$opt" "$n" "$expr" | "$bin" | awk '{ printf "%.3f", $2 / 1000 }')
  j=$(java -cp "$cp" io.bpfjit.bench.ExprCompileLoop "$expr" "$optimize" 4 1)
  printf '%5d %11s %10s\n' "$r" "$c" "$j"
  c_all+=("$c")
  j_all+=("$j")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cm=$(median "${c_all[@]}")
jm=$(median "${j_all[@]}")
awk -v c="$cm" -v j="$jm" 'BEGIN { printf "median %10.3f %10.3f   bpfjit/libpcap %.2f\n", c, j, j / c }'
