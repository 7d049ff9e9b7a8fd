import { DEAD_LETTER_HEADERS, deadLetterTopicOf, EVENT_HEADERS, platformTopics, RELAY_POSITION_HEADER } from '@palembang/events';
import { EventContract } from '@palembang/events/core';
import { EventDeclarations, TopicEvents } from './event-catalogue';
import { DeclaredEvent, DeclaredEvents, JsonSchema } from './payload-schemas';

export type AsyncApiDocument = JsonSchema & { asyncapi: '3.0.0'; channels: Record<string, JsonSchema>; components: { messages: Record<string, JsonSchema>; schemas: Record<string, JsonSchema> } };

/** One message of the document: an event type at one schema version it can travel in. */
export type EventMessage = Readonly<{
  name: string;
  topic: string;
  type: string;
  schemaVersion: number;
  current: boolean;
  description?: string;
  personalFields: readonly string[];
  data: JsonSchema;
}>;

const SEALED_VALUE = '#/components/schemas/SealedValue';
const ENVELOPE = '#/components/schemas/EventEnvelope';

/**
 * The AsyncAPI 3.0 document of every domain event: a channel per topic, a message per event type
 * and schema version, with the Kafka key, the headers and the envelope as the outbox relay
 * produces them (libs/events/src/outbox/outbox-relay.ts) and the data as the domain libraries
 * declare it, personal fields in their sealed form.
 */
export function asyncApiDocument(catalogue: readonly TopicEvents[], root: string, version: string): AsyncApiDocument {
  const messages = catalogue.flatMap((topic) => messagesOf(topic, root));
  const duplicate = messages.find((message, index) => messages.findIndex((other) => other.name === message.name) !== index);
  if (duplicate) throw new Error(`Event type ${duplicate.type} is published on two topics`);
  if (messages.some((message) => message.name === DEAD_LETTER_MESSAGE)) throw new Error(`${DEAD_LETTER_MESSAGE} names the dead-letter message: an event type cannot take it`);
  const partitions = new Map(platformTopics().map((spec) => [spec.topic, spec]));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Palembang e-government domain events',
      version,
      description: INFO_DESCRIPTION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries([
      ...catalogue.map((topic) => {
        const spec = partitions.get(topic.topic);
        return [
          channelIdOf(topic.topic),
          {
            address: topic.topic,
            title: topic.topic,
            summary: topic.summary,
            description: `Published by the ${topic.service} service's outbox relay, one message per event, keyed by stream id so that a stream's events keep their order in one partition. Consumers that fail on a message for good move it to \`${topic.topic}.dlt\`.`,
            messages: Object.fromEntries(messages.filter((message) => message.topic === topic.topic).map((message) => [message.name, { $ref: `#/components/messages/${message.name}` }])),
            bindings: { kafka: { topic: topic.topic, partitions: spec?.partitions, topicConfiguration: { 'retention.ms': spec?.retentionMs }, bindingVersion: '0.5.0' } },
          },
        ];
      }),
      ...catalogue.map((topic) => deadLetterChannel(topic, partitions.get(deadLetterTopicOf(topic.topic)))),
    ]),
    operations: Object.fromEntries([
      ...catalogue.map((topic) => [
        `${channelIdOf(topic.topic)}Publish`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${channelIdOf(topic.topic)}` },
          summary: `The ${topic.service} service publishes its events`,
          messages: messages.filter((message) => message.topic === topic.topic).map((message) => ({ $ref: `#/channels/${channelIdOf(topic.topic)}/messages/${message.name}` })),
        },
      ]),
      ...catalogue.map((topic) => [
        `${deadLetterChannelIdOf(topic.topic)}Send`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${deadLetterChannelIdOf(topic.topic)}` },
          summary: `A consumer of ${topic.topic} moves a message it cannot process here, after its retries`,
          messages: [{ $ref: `#/channels/${deadLetterChannelIdOf(topic.topic)}/messages/${DEAD_LETTER_MESSAGE}` }],
        },
      ]),
    ]),
    components: {
      messages: { ...Object.fromEntries(messages.map((message) => [message.name, messageObject(message)])), [DEAD_LETTER_MESSAGE]: DEAD_LETTER_MESSAGE_OBJECT },
      schemas: { EventEnvelope: ENVELOPE_SCHEMA, SealedValue: SEALED_VALUE_SCHEMA },
    },
  };
}

/** The messages of one topic: each contract's current version and every older version an upcaster still reads. */
export function messagesOf(topic: TopicEvents, root: string): EventMessage[] {
  const declared = topic.declarations.map((declarations) => ({ declarations, reader: new DeclaredEvents(declarations, root) }));
  const current = new Map(declared.flatMap(({ declarations, reader }) => reader.events().map((event) => [event.type, { declarations, reader, event }] as const)));
  const contracted = new Set(topic.contracts.map((contract) => contract.type));
  const undeclared = topic.contracts.filter((contract) => !current.has(contract.type)).map((contract) => contract.type);
  const uncontracted = [...current.keys()].filter((type) => !contracted.has(type));
  if (undeclared.length > 0 || uncontracted.length > 0) {
    throw new Error(`${topic.topic}: contracts without a declared type (${undeclared.join(', ') || 'none'}); declared events without a contract (${uncontracted.join(', ') || 'none'})`);
  }
  return topic.contracts.flatMap((contract) => {
    const { declarations, reader, event } = current.get(contract.type)!;
    const older = olderVersionsOf(contract).map((schemaVersion) => olderEvent(reader, declarations, contract, schemaVersion));
    return [{ version: contract.schemaVersion, event }, ...older].map(({ version, event: declaredEvent }) => messageOf(topic.topic, contract, version, declaredEvent));
  });
}

/** The schema versions older than the current one that consumers can still read: a unbroken chain of upcasters up to the current one. */
export function olderVersionsOf(contract: EventContract): number[] {
  const versions: number[] = [];
  for (let version = contract.schemaVersion - 1; version >= 1 && contract.upcasters?.[version]; version--) versions.push(version);
  return versions;
}

/** Stored events keep the version they were written in and travel in it: an upcaster's older shape is declared beside the current one as `<Type>V<n>`. */
function olderEvent(reader: DeclaredEvents, declarations: EventDeclarations, contract: EventContract, version: number): { version: number; event: DeclaredEvent } {
  const name = `${contract.type}V${version}`;
  let events: DeclaredEvent[];
  try {
    events = reader.eventsOf(name);
  } catch (error) {
    throw new Error(`${contract.type} has an upcaster from schema version ${version}: declare that version's event as \`export type ${name} = Event<'${contract.type}', ...>\` in ${declarations.file} (${error instanceof Error ? error.message : String(error)})`);
  }
  if (events.length !== 1 || events[0].type !== contract.type) throw new Error(`${declarations.file} ${name} must be one Event<'${contract.type}', ...>`);
  return { version, event: events[0] };
}

function messageOf(topic: string, contract: EventContract, schemaVersion: number, event: DeclaredEvent): EventMessage {
  const personalFields = schemaVersion === contract.schemaVersion ? [...(contract.personalData?.fields ?? [])] : [];
  const data = personalFields.reduce((schema, field) => sealedAt(schema, field.split('.'), field), event.data);
  const current = schemaVersion === contract.schemaVersion;
  return { name: current ? contract.type : `${contract.type}V${schemaVersion}`, topic, type: contract.type, schemaVersion, current, description: event.description, personalFields, data };
}

/** The schema with the personal field at `path` in its sealed form; fails when the declared data has no such field. */
function sealedAt(schema: JsonSchema, path: readonly string[], field: string): JsonSchema {
  if (path.length === 0) {
    return { allOf: [{ $ref: SEALED_VALUE }], description: `Personal data, sealed.${schema.description ? ` ${schema.description as string}` : ''}` };
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    if (!branches.some((branch) => branch.type === 'object')) throw new Error(`Personal field ${field}: no object holds ${path[0]}`);
    return { ...schema, anyOf: branches.map((branch) => (branch.type === 'object' ? sealedAt(branch, path, field) : branch)) };
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const [name, ...rest] = path;
  if (!properties[name]) throw new Error(`Personal field ${field}: the declared data has no ${name}`);
  return { ...schema, properties: { ...properties, [name]: sealedAt(properties[name], rest, field) } };
}

function messageObject(message: EventMessage): JsonSchema {
  const olderNote = message.current ? '' : ` Stored before schema version ${message.schemaVersion + 1}; consumers upcast it to the current version (message ${message.type}) on receipt.`;
  return {
    name: message.name,
    title: `${message.type}, schema version ${message.schemaVersion}`,
    ...(message.description ? { summary: message.description } : {}),
    description:
      `Event \`${message.type}\` at schema version ${message.schemaVersion} on \`${message.topic}\`.${olderNote}` +
      (message.personalFields.length > 0 ? ` Personal fields, sealed per subject: ${message.personalFields.map((field) => `\`data.${field}\``).join(', ')}.` : ''),
    contentType: 'application/json',
    headers: headersOf(message),
    payload: {
      allOf: [
        { $ref: ENVELOPE },
        {
          type: 'object',
          properties: { type: { type: 'string', const: message.type }, schemaVersion: { type: 'integer', const: message.schemaVersion }, data: message.data },
        },
      ],
    },
    correlationId: { description: 'The request that caused the event, carried from command to event to the commands it causes', location: `$message.header#/${EVENT_HEADERS.correlationId}` },
    bindings: { kafka: { key: { type: 'string', minLength: 1, description: 'The stream id (the envelope\'s `streamId`): every event of one stream goes to one partition, in stream order' }, bindingVersion: '0.5.0' } },
    'x-event-type': message.type,
    'x-schema-version': message.schemaVersion,
    'x-personal-fields': message.personalFields,
  };
}

function headersOf(message: EventMessage): JsonSchema {
  return {
    type: 'object',
    required: [EVENT_HEADERS.eventId, EVENT_HEADERS.eventType, EVENT_HEADERS.schemaVersion, EVENT_HEADERS.correlationId, RELAY_POSITION_HEADER],
    properties: {
      [EVENT_HEADERS.eventId]: { type: 'string', format: 'uuid', description: "The envelope's eventId" },
      [EVENT_HEADERS.eventType]: { type: 'string', const: message.type, description: "The envelope's type: route on it without parsing the value" },
      [EVENT_HEADERS.schemaVersion]: { type: 'string', const: String(message.schemaVersion), description: "The envelope's schemaVersion, in decimal" },
      [EVENT_HEADERS.correlationId]: { type: 'string', description: "The envelope's correlationId" },
      [RELAY_POSITION_HEADER]: {
        type: 'string',
        pattern: '^[0-9]+:[0-9]+$',
        description:
          "`<transaction id>:<global position>`, the event's place in the relay's order: after a crash the relay reads the last message of each partition and does not publish again what it holds, so each event is on the topic once",
      },
    },
  };
}

const DEAD_LETTER_MESSAGE = 'DeadLetter';

/** The dead-letter topic of a domain topic (deadLetterTopicOf), as EventConsumer writes it (deadLetterOf). */
function deadLetterChannel(topic: TopicEvents, spec: { partitions: number; retentionMs?: number } | undefined): [string, JsonSchema] {
  const address = deadLetterTopicOf(topic.topic);
  return [
    deadLetterChannelIdOf(topic.topic),
    {
      address,
      title: address,
      summary: `Messages of ${topic.topic} that a consumer could not process.`,
      description:
        `A consumer that fails on a message of \`${topic.topic}\` for good (after its retries: an envelope it cannot decode, an event its handler rejects) moves it here and goes on, so that one message never blocks its partition. ` +
        'Read by operators, not by services: see docs/operations.md, "Dead-letter topics", for how to read and replay one.',
      messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
      bindings: { kafka: { topic: address, partitions: spec?.partitions, topicConfiguration: { 'retention.ms': spec?.retentionMs }, bindingVersion: '0.5.0' } },
      'x-dead-letter-of': topic.topic,
    },
  ];
}

const DEAD_LETTER_MESSAGE_OBJECT: JsonSchema = {
  name: DEAD_LETTER_MESSAGE,
  title: 'A message a consumer could not process',
  description:
    'A consumer that fails on a message for good (after its retries) moves it to its topic\'s dead-letter topic and goes on. It is the original message (its key, and its value as UTF-8 text; a missing key or value is empty) with its own headers (those of an event, when it was one) and the headers below saying which consumer gave up, why, and where the message was. Operators read and replay them: docs/operations.md, "Dead-letter topics".',
  headers: {
    type: 'object',
    required: Object.values(DEAD_LETTER_HEADERS),
    properties: {
      [DEAD_LETTER_HEADERS.consumer]: { type: 'string', description: 'The consumer that gave up, by name (e.g. accountability.metrics)' },
      [DEAD_LETTER_HEADERS.error]: { type: 'string', description: 'Why: the last error, as the consumer described it' },
      [DEAD_LETTER_HEADERS.originalTopic]: { type: 'string', description: 'The topic the message was on' },
      [DEAD_LETTER_HEADERS.originalPartition]: { type: 'string', pattern: '^[0-9]+$', description: 'Its partition, in decimal' },
      [DEAD_LETTER_HEADERS.originalOffset]: { type: 'string', pattern: '^[0-9]+$', description: 'Its offset in that partition, in decimal: reset a group to it to replay from there' },
    },
  },
  payload: {
    description: 'The original value as UTF-8 text: usually an event envelope (EventEnvelope) of the original topic; a value that was not one is kept as it came (bytes that are not UTF-8 are replaced), a missing one is empty.',
  },
  bindings: { kafka: { key: { type: 'string', description: 'The original key (the stream id of an event); empty when the original had none' }, bindingVersion: '0.5.0' } },
};

function deadLetterChannelIdOf(topic: string): string {
  return `${channelIdOf(topic)}Dlt`;
}

function channelIdOf(topic: string): string {
  return topic.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase());
}

const INFO_DESCRIPTION = [
  'Every domain event of the platform as it travels on Kafka. Each service appends its events to its own event store (PostgreSQL) and an outbox in the same transaction; its outbox relay publishes them to the service\'s topic in commit order, exactly once per event, keyed by stream id.',
  '',
  'The value of each message is the event\'s envelope as JSON (`EventEnvelope`): its identity and place (event id, stream id and version, global position), when it happened and was recorded, who caused it (agency, actor, correlation and causation ids) and its data.',
  '',
  'The data is as stored: at the schema version it was written in (the `schema-version` header; an older one is listed as its own message and upcast by the consumer runtime on receipt), and with each personal field sealed (`SealedValue`, AES-256-GCM under a key per person that only the publishing service holds; once the person is forgotten the key is gone and the value cannot be read anywhere).',
  '',
  'The tamper-evident chain (previous hash, hash, keyed MAC) stays in the event store and is not part of the message: check a stream with `GET /v1/audit/streams/{streamId}/verify`.',
  '',
  'Generated from the event contracts and their TypeScript declarations by `npm run asyncapi` (tools/asyncapi); do not edit by hand.',
].join('\n');

const ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'The stored form of an event (EventEnvelope in libs/events/core), as the outbox relay writes it into the message value.',
  required: ['eventId', 'type', 'schemaVersion', 'streamId', 'streamVersion', 'globalPosition', 'occurredAt', 'recordedAt', 'agencyId', 'actor', 'correlationId', 'causationId', 'data'],
  properties: {
    eventId: { type: 'string', format: 'uuid', description: 'Unique per event; consumers deduplicate on it (their inbox)' },
    type: { type: 'string', description: 'The event type' },
    schemaVersion: { type: 'integer', minimum: 1, description: 'The schema version the data was written in' },
    streamId: { type: 'string', description: 'The aggregate\'s stream (one case, one cohort, one calendar year); also the message key' },
    streamVersion: { type: 'integer', minimum: 1, description: 'The event\'s place in its stream, from 1 without gaps' },
    globalPosition: { type: 'string', pattern: '^[0-9]+$', description: 'Position in the publishing service\'s store, a decimal bigint (it can exceed JavaScript numbers)' },
    occurredAt: { type: 'string', format: 'date-time', description: 'When it happened: the time the command was accepted' },
    recordedAt: { type: 'string', format: 'date-time', description: 'When the event store committed it' },
    agencyId: { type: 'string', description: 'The agency the command acted for' },
    actor: { type: 'string', description: "Who caused it: the calling client's id, or a name of the service's own for what it does by itself (deadline timers, reactions to other events)" },
    correlationId: { type: 'string', description: 'Shared by a request and everything it caused, across services' },
    causationId: { type: ['string', 'null'], description: 'The event id it reacts to, when a service acted on another event; otherwise null' },
    data: { type: 'object', description: 'The event data, per event type (see each message)' },
  },
};

const SEALED_VALUE_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'A personal field (UU 27/2022) as stored and published: the JSON of its value encrypted with AES-256-GCM under the key of its subject (the person), which only the publishing service can unwrap. Once the person is forgotten the key is destroyed and the value reads as `{ "erased": true }` wherever it is opened.',
  required: ['$sealed'],
  additionalProperties: false,
  properties: {
    $sealed: {
      type: 'object',
      required: ['key', 'iv', 'data', 'tag'],
      additionalProperties: false,
      properties: {
        key: { type: 'string', format: 'uuid', description: 'The id of the subject key' },
        iv: { type: 'string', contentEncoding: 'base64', description: 'The 12-byte nonce' },
        data: { type: 'string', contentEncoding: 'base64', description: 'The ciphertext of the value\'s JSON' },
        tag: { type: 'string', contentEncoding: 'base64', description: 'The 16-byte authentication tag' },
      },
    },
  },
};
