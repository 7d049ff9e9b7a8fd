#!/usr/bin/env bash
# The compose network's single Kafka node (broker and KRaft controller), started
# by the kafka service of docker/compose.yaml:
#   - clients connect only over SASL_SSL on :9092 (SCRAM-SHA-512, the
#     certificate from make-certs.sh), each service as its own user;
#   - the StandardAuthorizer denies whatever no ACL allows
#     (k8s/base/kafka/kafka-setup.sh creates the users and ACLs);
#   - the controller listener is PLAINTEXT on the container's loopback only:
#     KRaft cannot authenticate it with SCRAM, so its anonymous principal is a
#     super user that nothing outside this container can reach.
# The admin user (a super user) exists from the first start: it is added when
# the storage is formatted; the services' users are added by kafka-setup.sh.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?KAFKA_ADMIN_PASSWORD must be set}"
: "${KAFKA_TLS_KEYSTORE_PASSWORD:?KAFKA_TLS_KEYSTORE_PASSWORD must be set}"
: "${CLUSTER_ID:?CLUSTER_ID must be set}"
bin="${KAFKA_HOME:-/opt/kafka}/bin"
certs="${KAFKA_CERTS_DIR:-/certs}"
data="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
host="${KAFKA_ADVERTISED_HOST:-kafka}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
config="$(mktemp -d)"
chmod 700 "$config"
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${KAFKA_ADMIN_PASSWORD}\";"

cat > "$config/server.properties" <<PROPERTIES
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@localhost:${controller_port}
controller.listener.names=CONTROLLER
listeners=SASL_SSL://:${port},CONTROLLER://localhost:${controller_port}
advertised.listeners=SASL_SSL://${host}:${port}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas}
ssl.keystore.type=PKCS12
ssl.keystore.location=${certs}/broker.p12
ssl.keystore.password=${KAFKA_TLS_KEYSTORE_PASSWORD}
ssl.truststore.type=PEM
ssl.truststore.location=${certs}/ca.pem
ssl.enabled.protocols=TLSv1.3,TLSv1.2
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=${data}
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES

# For the healthcheck and an operator's kafka-*.sh commands inside the container.
cat > "$config/admin.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=${jaas}
ssl.truststore.type=PEM
ssl.truststore.location=${certs}/ca.pem
PROPERTIES
ln -sfn "$config/admin.properties" "${KAFKA_ADMIN_PROPERTIES_LINK:-/tmp/admin.properties}"

"$bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config/server.properties" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${KAFKA_ADMIN_PASSWORD}]"
exec "$bin/kafka-server-start.sh" "$config/server.properties"
