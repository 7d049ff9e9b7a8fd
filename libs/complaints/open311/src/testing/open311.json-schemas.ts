import { Open311Resource } from '../resources';

/**
 * JSON Schemas (draft-07) of each resource's JSON form, the Spark convention mapping of the XML:
 * lists are arrays, empty fields null.
 */
type JsonSchema = Readonly<Record<string, unknown>>;

const nonEmptyText = { type: 'string', pattern: '\\S' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const datetimeWithZone = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$',
} as const;
const nullableDatetime = { anyOf: [datetimeWithZone, { type: 'null' }] } as const;
const httpUrl = { type: 'string', pattern: '^https?://\\S+$' } as const;

function closedObject(properties: Record<string, unknown>, optional: readonly string[] = []): JsonSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', properties, required, additionalProperties: false };
}

function listOf(item: JsonSchema, minItems = 0): JsonSchema {
  return { type: 'array', items: item, minItems };
}

const service = closedObject({
  service_code: nonEmptyText,
  service_name: nonEmptyText,
  description: nullableText,
  metadata: { type: 'boolean' },
  type: { enum: ['realtime', 'batch', 'blackbox'] },
  keywords: nullableText,
  group: nullableText,
});

const attribute = closedObject(
  {
    variable: { type: 'boolean' },
    code: nonEmptyText,
    datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: { type: 'boolean' },
    datatype_description: nullableText,
    order: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    values: listOf(closedObject({ key: nonEmptyText, name: nonEmptyText })),
  },
  ['values'],
);

const serviceRequest = closedObject({
  service_request_id: nonEmptyText,
  status: { enum: ['open', 'closed'] },
  status_notes: nullableText,
  service_name: nonEmptyText,
  service_code: nonEmptyText,
  description: nullableText,
  agency_responsible: nullableText,
  service_notice: nullableText,
  requested_datetime: datetimeWithZone,
  updated_datetime: nullableDatetime,
  expected_datetime: nullableDatetime,
  address: nullableText,
  address_id: nullableText,
  zipcode: nullableText,
  lat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
  long: { type: ['number', 'null'], minimum: -180, maximum: 180 },
  media_url: { anyOf: [httpUrl, { type: 'null' }] },
});

const createdRequest = {
  ...closedObject({ service_request_id: nonEmptyText, token: nonEmptyText, service_notice: nullableText, account_id: nullableText }, [
    'service_request_id',
    'token',
  ]),
  not: { properties: { service_request_id: true, token: true }, required: ['service_request_id', 'token'] },
};

const endpoint = closedObject({
  specification: httpUrl,
  url: httpUrl,
  changeset: nonEmptyText,
  type: { enum: ['production', 'test'] },
  formats: listOf({ type: 'string', pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' }, 1),
});

export const OPEN311_JSON_SCHEMAS: Readonly<Record<Open311Resource, JsonSchema>> = {
  discovery: closedObject({ changeset: nonEmptyText, contact: nonEmptyText, key_service: nonEmptyText, endpoints: listOf(endpoint, 1) }),
  services: listOf(service),
  service_definition: closedObject({ service_code: nonEmptyText, attributes: listOf(attribute) }),
  service_requests: listOf(serviceRequest),
  service_request: { ...listOf(serviceRequest, 1), maxItems: 1 },
  post_answer: listOf(createdRequest, 1),
  token_answer: listOf(closedObject({ service_request_id: nonEmptyText, token: nonEmptyText }), 1),
  errors: listOf(closedObject({ code: { type: 'integer', minimum: 1 }, description: nonEmptyText }), 1),
};
