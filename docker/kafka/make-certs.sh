#!/usr/bin/env bash
# Run once by the kafka-certs service (docker/compose.yaml): a private CA for the
# compose network and the broker's certificate (SAN kafka, localhost), with keytool
# from the Kafka image. The services trust ca.pem (KAFKA_TLS_CA_FILE); the CA's
# private key is deleted once the broker's certificate is signed, so nothing else
# can be issued under it. Delete the kafka-certs volume to issue new ones.
# Usage: make-certs.sh <dir>; needs KAFKA_TLS_KEYSTORE_PASSWORD; KAFKA_CERT_SANS overrides the
# certificate's names (tools/images/kube.sh: the dev overlay's kafka.palembang-dev-data.svc).
set -euo pipefail
dir="${1:?usage: make-certs.sh <dir>}"
: "${KAFKA_TLS_KEYSTORE_PASSWORD:?KAFKA_TLS_KEYSTORE_PASSWORD must be set}"
if [[ -s "$dir/broker.p12" && -s "$dir/ca.pem" ]]; then
  echo "kafka-certs: certificates already in $dir"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass="$KAFKA_TLS_KEYSTORE_PASSWORD"
keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=palembang-egov Kafka CA" -ext bc:c \
  -validity 825 -keystore "$work/ca.p12" -storetype PKCS12 -storepass "$pass" > /dev/null
keytool -exportcert -rfc -alias ca -keystore "$work/ca.p12" -storepass "$pass" -file "$work/ca.pem" > /dev/null
keytool -genkeypair -alias kafka -keyalg EC -groupname secp256r1 -dname "CN=kafka" \
  -validity 825 -keystore "$work/broker.p12" -storetype PKCS12 -storepass "$pass" > /dev/null
keytool -certreq -alias kafka -keystore "$work/broker.p12" -storepass "$pass" -file "$work/broker.csr"
keytool -gencert -alias ca -keystore "$work/ca.p12" -storepass "$pass" -infile "$work/broker.csr" -outfile "$work/broker.pem" \
  -rfc -validity 825 -ext "san=${KAFKA_CERT_SANS:-dns:kafka,dns:localhost}" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth
keytool -importcert -noprompt -alias ca -file "$work/ca.pem" -keystore "$work/broker.p12" -storepass "$pass" > /dev/null
keytool -importcert -noprompt -alias kafka -file "$work/broker.pem" -keystore "$work/broker.p12" -storepass "$pass" > /dev/null
install -m 0644 "$work/ca.pem" "$dir/ca.pem"
install -m 0640 "$work/broker.p12" "$dir/broker.p12"
# The broker runs as the image's user (uid 1000): it alone may read its key.
if [[ "$(id -u)" == 0 ]]; then chown "${KAFKA_UID:-1000}:${KAFKA_UID:-1000}" "$dir/broker.p12"; fi
echo "kafka-certs: CA and broker certificate written to $dir"
