#!/usr/bin/env bash
# The local Kafka base image's stand-in for the distribution's bin/kafka-run-class.sh:
# runs one class from the Maven Central jars in /opt/kafka/libs. The broker gets a
# 512 MB heap unless KAFKA_HEAP_OPTS says otherwise; the command-line tools 256 MB.
set -euo pipefail
class="$1"; shift
home="$(cd "$(dirname "$0")/.." && pwd)"
# The tools start a JVM per call (kafka-setup.sh makes about thirty): the quick JIT tier and the serial
# collector make each start cheaper (the tools run for seconds, never long enough to need more).
if [[ "$class" == kafka.Kafka ]]; then heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC"; else heap="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"; fi
# shellcheck disable=SC2086 # the heap and JVM options are lists of flags
exec java $heap ${KAFKA_OPTS:-} -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$home/config/log4j2.properties" -cp "$home/libs/*" "$class" "$@"
