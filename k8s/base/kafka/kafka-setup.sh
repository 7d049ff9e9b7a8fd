#!/usr/bin/env bash
# Creates the platform's topics, each service's own Kafka user (SCRAM-SHA-512)
# and the ACLs that hold it to its topics; idempotent, safe on every deploy.
# Run as the Kafka admin user over SASL_SSL by the kafka-topics Job (k8s, from
# the kafka-setup ConfigMap) and the kafka-topics service (docker/compose.yaml).
# Mirrors platformTopics() in libs/events.
#
# Environment: KAFKA_BROKERS, TOPIC_REPLICATION_FACTOR, KAFKA_ADMIN_USERNAME,
# KAFKA_ADMIN_PASSWORD, KAFKA_TLS_CA_FILE (PEM) and, per service,
# GATEWAY_KAFKA_PASSWORD, PERMITS_KAFKA_PASSWORD, COMPLAINTS_KAFKA_PASSWORD,
# TRAINING_KAFKA_PASSWORD, ACCOUNTABILITY_KAFKA_PASSWORD. Setting a new password
# here and running it again rotates that user's password.
#
# What each service may do (the authorizer denies everything else):
#   <svc>              Write its own topic <svc>.events; Read in consumer groups named <svc>.*
#   a consumer         Read the topics it consumes; Write their dead-letter topics (<topic>.dlt)
#   complaints         consumes permits.events (survey invitations)
#   training           consumes accountability.events (alerts)
#   accountability     consumes permits.events, complaints.events, training.events (the metrics)
#   webhooks           no topic of its own; consumes the four domain topics (deliveries to agency systems)
#   gateway            no topic at all (it only checks that Kafka answers)
set -euo pipefail
bin="${KAFKA_HOME:-/opt/kafka}/bin"
bootstrap="${KAFKA_BROKERS%%,*}"
replication="${TOPIC_REPLICATION_FACTOR:-1}"
: "${KAFKA_ADMIN_PASSWORD:?KAFKA_ADMIN_PASSWORD must be set}"
: "${KAFKA_TLS_CA_FILE:?KAFKA_TLS_CA_FILE must be set}"
services=(gateway permits complaints training accountability webhooks)
for service in "${services[@]}"; do
  variable="${service^^}_KAFKA_PASSWORD"
  [[ -n "${!variable:-}" ]] || { echo "kafka-setup: $variable must be set" >&2; exit 1; }
done

config="$(mktemp)"
trap 'rm -f "$config"' EXIT
chmod 600 "$config"
cat > "$config" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_ADMIN_USERNAME:-admin}" password="${KAFKA_ADMIN_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=${KAFKA_TLS_CA_FILE}
PROPERTIES
admin() { "$bin/$1" --bootstrap-server "$bootstrap" --command-config "$config" "${@:2}"; }
# KAFKA_SETUP_DRY_RUN=1 prints the commands instead (tools/deploy-check reads the ACLs from them).
if [[ "${KAFKA_SETUP_DRY_RUN:-}" == 1 ]]; then admin() { echo "$*"; }; fi

# With three replicas or more, an acks=all write needs two of them: losing one broker loses nothing and stalls nothing.
insync=$(( replication >= 3 ? 2 : 1 ))
for topic in permits.events complaints.events training.events accountability.events; do
  admin kafka-topics.sh --create --if-not-exists --topic "$topic" --partitions 6 \
    --replication-factor "$replication" --config retention.ms=31536000000 --config min.insync.replicas="$insync"
  admin kafka-topics.sh --create --if-not-exists --topic "$topic.dlt" --partitions 1 \
    --replication-factor "$replication" --config retention.ms=31536000000 --config min.insync.replicas="$insync"
done

for service in "${services[@]}"; do
  variable="${service^^}_KAFKA_PASSWORD"
  admin kafka-configs.sh --alter --entity-type users --entity-name "$service" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=${!variable}]"
done

allow() { admin kafka-acls.sh --add --allow-principal "User:$1" "${@:2}"; }
for service in permits complaints training accountability; do
  # Read too: after a crash the outbox relay reads back the last message of each partition, so it publishes nothing twice.
  allow "$service" --operation Write --operation Read --operation Describe --topic "$service.events"
  # Delete: the relay removes the throwaway group it read those messages with.
  allow "$service" --operation Read --operation Describe --operation Delete --group "$service." --resource-pattern-type prefixed
done
consume() {
  allow "$1" --operation Read --operation Describe --topic "$2"
  allow "$1" --operation Write --operation Describe --topic "$2.dlt"
}
# permits consumes its own topic for the working-day calendar's events (every deadline-computing service follows them)
allow permits --operation Write --operation Describe --topic permits.events.dlt
consume complaints permits.events
consume training accountability.events
consume accountability permits.events
consume accountability complaints.events
consume accountability training.events
# webhooks publishes nothing: it follows the four domain topics in its own group (webhooks.deliveries) to deliver them.
allow webhooks --operation Read --operation Describe --group "webhooks." --resource-pattern-type prefixed
consume webhooks permits.events
consume webhooks complaints.events
consume webhooks training.events
consume webhooks accountability.events
echo "kafka-setup: topics, users and ACLs in place"
