import { Parser } from '@asyncapi/parser';
import * as complaintsDomain from '@palembang/complaints-domain';
import * as events from '@palembang/events';
import { EventContract } from '@palembang/events/core';
import * as permitsDomain from '@palembang/permits-domain';
import * as satisfaction from '@palembang/satisfaction';
import * as trainingDomain from '@palembang/training-domain';
import * as workingDays from '@palembang/working-days';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument, AsyncApiDocument, messagesOf } from './asyncapi-document';
import { ASYNCAPI_FILE, EVENTS_MARKDOWN_FILE, generatedFiles, ROOT } from './asyncapi-files';
import { EVENT_CATALOGUE, TopicEvents } from './event-catalogue';
import { JsonSchema } from './payload-schemas';

const SEALED = { allOf: [{ $ref: '#/components/schemas/SealedValue' }] };

/** The data schema at a dotted path, through nullable objects. */
function fieldAt(data: JsonSchema, path: string): JsonSchema {
  return path.split('.').reduce<JsonSchema>((schema, name) => {
    const object = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]).find((branch) => branch.type === 'object')! : schema;
    return (object.properties as Record<string, JsonSchema>)[name];
  }, data);
}

/** What the libraries export by name, to resolve the contract lists a service module names. */
const EXPORTED: Record<string, unknown> = { ...events, ...permitsDomain, ...complaintsDomain, ...trainingDomain, ...satisfaction, ...workingDays };
const REGISTRATION = /EventSourcingModule\.forService\(\{\s*topic:\s*TOPICS\.(\w+),\s*contracts:\s*new EventContracts\(\[?([^)\]]*)\]?\)/;

/** Per topic, the event types the services' modules register (apps/<service>/src/<service>.module.ts), read from their source. */
function registeredByServices(): Record<string, string[]> {
  const registered: Record<string, string[]> = {};
  for (const service of readdirSync(join(ROOT, 'apps'))) {
    const file = join(ROOT, 'apps', service, 'src', `${service}.module.ts`);
    const source = readFileSync(file, 'utf8');
    if (!source.includes('EventSourcingModule.forService(')) continue;
    const match = REGISTRATION.exec(source);
    if (!match) throw new Error(`${file}: the EventSourcingModule.forService call is not in the form this test reads; update REGISTRATION`);
    const names = match[2].split(',').map((name) => name.trim().replace(/^\.\.\./, '')).filter(Boolean);
    const contracts = names.flatMap((name) => {
      if (!(name in EXPORTED)) throw new Error(`${file}: ${name} is not exported by a library this test reads`);
      return EXPORTED[name] as EventContract | EventContract[];
    });
    registered[events.TOPICS[match[1] as keyof typeof events.TOPICS]] = contracts.map((contract) => contract.type).sort();
  }
  return registered;
}

function dataOf(document: AsyncApiDocument, message: string): JsonSchema {
  return ((document.components.messages[message].payload as { allOf: JsonSchema[] }).allOf[1].properties as Record<string, JsonSchema>).data;
}

describe('the AsyncAPI document of the domain events', () => {
  let generated: ReturnType<typeof generatedFiles>;

  beforeAll(() => {
    generated = generatedFiles();
  });

  it('is committed as generated from the contracts now (else run npm run asyncapi)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(generated.json);
    expect(readFileSync(EVENTS_MARKDOWN_FILE, 'utf8')).toBe(generated.markdown);
  });

  it('is valid AsyncAPI 3.0 for @asyncapi/parser, with no error', async () => {
    const { document, diagnostics } = await new Parser().parse(generated.json);
    // Severity 0 is an error; warnings and hints do not make a document invalid.
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0).map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().all().map((channel) => channel.address())).toEqual([
      ...EVENT_CATALOGUE.map((topic) => topic.topic),
      ...EVENT_CATALOGUE.map((topic) => events.deadLetterTopicOf(topic.topic)),
    ]);
  });

  it('lists what the services register, topic by topic (else add it to EVENT_CATALOGUE)', () => {
    const catalogued = Object.fromEntries(EVENT_CATALOGUE.map((topic) => [topic.topic, topic.contracts.map((contract) => contract.type).sort()]));
    expect(catalogued).toEqual(registeredByServices());
  });

  it("holds every contract each service registers, on the service's topic, at its schema version, with its personal fields sealed", () => {
    const { document } = generated;
    for (const topic of EVENT_CATALOGUE) {
      const channel = Object.values(document.channels).find((candidate) => candidate.address === topic.topic)!;
      expect(Object.keys(channel.messages as object).sort()).toEqual(topic.contracts.map((contract) => contract.type).sort());
      for (const contract of topic.contracts) {
        const message = document.components.messages[contract.type];
        expect({ type: contract.type, version: message['x-schema-version'], personal: message['x-personal-fields'] }).toEqual({
          type: contract.type,
          version: contract.schemaVersion,
          personal: [...(contract.personalData?.fields ?? [])],
        });
        for (const field of contract.personalData?.fields ?? []) expect(fieldAt(dataOf(document, contract.type), field)).toMatchObject(SEALED);
      }
    }
  });

  it('describes the messages the relay produces: an envelope with sealed personal data passes, one with a personal field in the clear does not', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(generated.document, 'asyncapi');
    const validate = ajv.compile({ $ref: 'asyncapi#/components/messages/ApplicationSubmitted/payload' });
    const sealed = { $sealed: { key: '7f1c2b1e-3c0a-4f57-9a0e-2f6c1b0d9e11', iv: 'AAAAAAAAAAAAAAAA', data: 'c2VhbGVk', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' } };
    const envelope = {
      eventId: '0b6f1c1e-6a57-4d4e-9d55-6c1f0f0f8e21',
      type: 'ApplicationSubmitted',
      schemaVersion: 1,
      streamId: 'permit-application-42',
      streamVersion: 1,
      globalPosition: '9007199254740993',
      occurredAt: '2026-12-05T02:00:00.000Z',
      recordedAt: '2026-12-05T02:00:00.012Z',
      agencyId: 'dpmptsp',
      actor: 'portal',
      correlationId: 'c-1',
      causationId: null,
      data: {
        applicationId: '42',
        agencyId: 'dpmptsp',
        permitTypeCode: 'SIUP',
        trackingCode: 'PLG-42',
        applicant: { applicantId: 'a-1', nik: sealed, name: sealed, phone: sealed, email: sealed, address: sealed },
        documents: ['ktp'],
        standard: { requiredDocuments: ['ktp'], feeIdr: 0, processingDays: 3, deemedApproval: false },
        submittedAt: '2026-12-05T09:00:00+07:00',
      },
    };
    expect(validate(envelope) || validate.errors).toBe(true);
    const inTheClear = { ...envelope, data: { ...envelope.data, applicant: { ...envelope.data.applicant, nik: '1671010101010001' } } };
    expect(validate(inTheClear)).toBe(false);
    expect(validate({ ...envelope, type: 'ApplicationApproved' })).toBe(false);
  });

  it('describes the dead letters the consumers produce (deadLetterOf), on a dead-letter channel of every topic', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(generated.document, 'asyncapi');
    const validateHeaders = ajv.compile({ $ref: 'asyncapi#/components/messages/DeadLetter/headers' });
    const failed: events.IncomingMessage = { topic: 'permits.events', partition: 2, offset: '1234', key: 'permit-application-42', value: Buffer.from('not json'), headers: { 'event-id': 'e-1' } };
    const deadLetter = events.deadLetterOf(failed, 'accountability.metrics', new Error('handler bug'));
    expect(validateHeaders(deadLetter.headers) || validateHeaders.errors).toBe(true);
    expect(deadLetter).toMatchObject({ topic: 'permits.events.dlt', key: failed.key, value: 'not json' });
    const { [events.DEAD_LETTER_HEADERS.error]: error, ...withoutError } = deadLetter.headers ?? {};
    expect(error).toContain('handler bug');
    expect(validateHeaders(withoutError)).toBe(false);
    for (const topic of EVENT_CATALOGUE) {
      const channel = Object.values(generated.document.channels).find((candidate) => candidate.address === events.deadLetterTopicOf(topic.topic));
      expect(channel?.messages).toEqual({ DeadLetter: { $ref: '#/components/messages/DeadLetter' } });
    }
  });
});

describe('the generator', () => {
  const declarations = [{ file: 'tools/asyncapi/src/testing/fixture-events.ts', union: 'ThingEvent' }];
  const upcast = (data: Readonly<Record<string, unknown>>) => ({ thingId: data.thingId, owner: { ownerId: 'unknown', name: data.ownerName } });
  const thingNamed: EventContract = { type: 'ThingNamed', schemaVersion: 2, upcasters: { 1: upcast }, personalData: { subjectId: () => 'owner', fields: ['owner.name'] } };
  const thingMoved: EventContract = { type: 'ThingMoved', schemaVersion: 1 };
  const topic = (contracts: EventContract[], files = declarations): TopicEvents => ({ topic: 'things.events', service: 'things', summary: 'Things', contracts, declarations: files });

  it('lists a version an upcaster reads as a message of its own, with the shape declared beside the current one', () => {
    const messages = messagesOf(topic([thingNamed, thingMoved]), ROOT);
    expect(messages.map((message) => [message.name, message.schemaVersion, message.personalFields])).toEqual([
      ['ThingNamed', 2, ['owner.name']],
      ['ThingNamedV1', 1, []],
      ['ThingMoved', 1, []],
    ]);
    expect(Object.keys(messages[1].data.properties as object)).toEqual(['thingId', 'ownerName']);
    expect(fieldAt(messages[0].data, 'owner.name')).toMatchObject(SEALED);
  });

  it('changes the document when a contract moves to a new schema version', () => {
    const before = asyncApiDocument([topic([{ ...thingNamed, schemaVersion: 1, upcasters: undefined }, thingMoved])], ROOT, '1');
    const after = asyncApiDocument([topic([thingNamed, thingMoved])], ROOT, '1');
    expect(Object.keys(before.components.messages)).toEqual(['ThingNamed', 'ThingMoved', 'DeadLetter']);
    expect(Object.keys(after.components.messages)).toEqual(['ThingNamed', 'ThingNamedV1', 'ThingMoved', 'DeadLetter']);
    expect(after.components.messages.ThingNamed['x-schema-version']).toBe(2);
  });

  it('fails on a contract without a declared type, a declared event without a contract, an undeclared old shape or an unknown personal field', () => {
    expect(() => messagesOf(topic([thingNamed, thingMoved, { type: 'ThingLost', schemaVersion: 1 }]), ROOT)).toThrow('contracts without a declared type (ThingLost)');
    expect(() => messagesOf(topic([thingNamed]), ROOT)).toThrow('declared events without a contract (ThingMoved)');
    expect(() => messagesOf(topic([{ ...thingMoved, schemaVersion: 2, upcasters: { 1: upcast } }, thingNamed]), ROOT)).toThrow('export type ThingMovedV1');
    expect(() => messagesOf(topic([{ ...thingNamed, personalData: { subjectId: () => 'owner', fields: ['owner.email'] } }, thingMoved]), ROOT)).toThrow('Personal field owner.email');
  });
});
