#!/usr/bin/env bash
# The local Kafka base image's stand-in for the distribution's bin/kafka-run-class.sh:
# runs one class from the Maven Central jars in /opt/kafka/libs. The broker gets a
# 512 MB heap unless KAFKA_HEAP_OPTS says otherwise; the command-line tools 256 MB.
set -euo pipefail
class="$1"; shift
home="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "$class" == kafka.Kafka ]]; then heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"; else heap="-Xmx256m"; fi
# shellcheck disable=SC2086 # the heap and JVM options are lists of flags
exec java $heap ${KAFKA_OPTS:-} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$home/config/log4j2.properties" -cp "$home/libs/*" "$class" "$@"
