#!/usr/bin/env bash
# SegmentBenchmark (JMH, in this module's tests): the JIT's ns/packet from a byte[], from direct
# buffer views, from a native memory segment per packet and as a batch. Needs JDK 22+ as
# JAVA_HOME (the module is built only there) and a built tree (mvn -DskipTests install).
#   segments/bench.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
#   BENCH=ReadPathBenchmark segments/bench.sh     (reads alone: array, direct, segment)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o test-compile -pl segments
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/segments/target/classpath.txt" \
  -Dmdep.includeScope=test -pl segments
"${JAVA_HOME:?set JAVA_HOME to a JDK 22+}/bin/java" \
  -cp "segments/target/test-classes:segments/target/classes:$(cat segments/target/classpath.txt)" \
  org.openjdk.jmh.Main "${BENCH:-SegmentBenchmark}" "$@"
