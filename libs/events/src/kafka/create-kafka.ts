import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from './kafka-client';

/**
 * The kafkajs client of a connection, with the platform's settings (TLS, SASL, quiet
 * logs, short retries). Internal to this folder: not exported from the library.
 */
export function createKafka(connection: KafkaConnection): Kafka {
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    connectionTimeout: connection.connectionTimeoutMs ?? 3000,
    // TLS verifies the brokers' certificates (rejectUnauthorized stays on); SCRAM never sends the password itself.
    ssl: connection.tls ? (connection.tls.ca ? { ca: [connection.tls.ca] } : true) : undefined,
    sasl: connection.sasl ? { ...connection.sasl } : undefined,
    logLevel: logLevel.NOTHING,
    // Retries belong to the caller (the relay backs off on its own), so a down broker surfaces quickly.
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}
