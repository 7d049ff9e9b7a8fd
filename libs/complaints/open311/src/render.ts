import { toOpen311Datetime } from './datetime';
import { Open311Format } from './format';
import {
  CreatedServiceRequest,
  Discovery,
  DiscoveryEndpoint,
  Instant,
  Open311Document,
  Open311Error,
  Service,
  ServiceAttribute,
  ServiceDefinition,
  ServiceRequest,
  TokenResolution,
} from './resources';
import { SparkList, SparkNode, SparkRecord, toJsonValue, toXmlDocument } from './spark-tree';

export type RenderedOpen311 = Readonly<{ contentType: string; body: string }>;

export const OPEN311_CONTENT_TYPES: Readonly<Record<Open311Format, string>> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The body and content type of a GeoReport v2 response, in the shape the specification shows. */
export function renderOpen311(document: Open311Document, format: Open311Format): RenderedOpen311 {
  const { rootName, tree } = sparkTreeOf(document);
  const body = format === 'xml' ? toXmlDocument(rootName, tree) : JSON.stringify(toJsonValue(tree));
  return { contentType: OPEN311_CONTENT_TYPES[format], body };
}

function sparkTreeOf(document: Open311Document): { rootName: string; tree: SparkNode } {
  switch (document.resource) {
    case 'discovery':
      return { rootName: 'discovery', tree: discoveryNode(document.discovery) };
    case 'services':
      return { rootName: 'services', tree: new SparkList('service', document.services.map(serviceNode)) };
    case 'service_definition':
      return { rootName: 'service_definition', tree: definitionNode(document.definition) };
    case 'service_requests':
      return { rootName: 'service_requests', tree: new SparkList('request', document.requests.map(requestNode)) };
    case 'service_request':
      return { rootName: 'service_requests', tree: new SparkList('request', [requestNode(document.request)]) };
    case 'post_answer':
      return { rootName: 'service_requests', tree: new SparkList('request', document.created.map(createdNode)) };
    case 'token_answer':
      return { rootName: 'service_requests', tree: new SparkList('request', document.resolutions.map(tokenNode)) };
    case 'errors':
      return { rootName: 'errors', tree: new SparkList('error', document.errors.map(errorNode)) };
    default: {
      const unhandled: never = document;
      throw new Error(`Unknown Open311 resource ${JSON.stringify(unhandled)}`);
    }
  }
}

function discoveryNode(discovery: Discovery): SparkRecord {
  return {
    changeset: discovery.changeset,
    contact: discovery.contact,
    key_service: discovery.key_service,
    endpoints: new SparkList('endpoint', discovery.endpoints.map(endpointNode)),
  };
}

function endpointNode(endpoint: DiscoveryEndpoint): SparkRecord {
  return {
    specification: endpoint.specification,
    url: endpoint.url,
    changeset: endpoint.changeset,
    type: endpoint.type,
    formats: new SparkList('format', endpoint.formats),
  };
}

function serviceNode(service: Service): SparkRecord {
  return {
    service_code: service.service_code,
    service_name: service.service_name,
    description: service.description,
    metadata: service.metadata,
    type: service.type,
    keywords: service.keywords,
    group: service.group,
  };
}

function definitionNode(definition: ServiceDefinition): SparkRecord {
  return { service_code: definition.service_code, attributes: new SparkList('attribute', definition.attributes.map(attributeNode)) };
}

function attributeNode(attribute: ServiceAttribute): SparkRecord {
  const fields: SparkRecord = {
    variable: attribute.variable,
    code: attribute.code,
    datatype: attribute.datatype,
    required: attribute.required,
    datatype_description: attribute.datatype_description,
    order: attribute.order,
    description: attribute.description,
  };
  if (!attribute.values) return fields;
  return { ...fields, values: new SparkList('value', attribute.values.map((value) => ({ key: value.key, name: value.name }))) };
}

function requestNode(request: ServiceRequest): SparkRecord {
  return {
    service_request_id: request.service_request_id,
    status: request.status,
    status_notes: request.status_notes,
    service_name: request.service_name,
    service_code: request.service_code,
    description: request.description,
    agency_responsible: request.agency_responsible,
    service_notice: request.service_notice,
    requested_datetime: datetimeOrNull(request.requested_datetime),
    updated_datetime: datetimeOrNull(request.updated_datetime),
    expected_datetime: datetimeOrNull(request.expected_datetime),
    address: request.address,
    address_id: request.address_id,
    zipcode: request.zipcode,
    lat: request.lat,
    long: request.long,
    media_url: request.media_url,
  };
}

/** The specification forbids a token beside a service_request_id, and the reverse. */
function createdNode(created: CreatedServiceRequest): SparkRecord {
  const notes = { service_notice: created.service_notice, account_id: created.account_id };
  if (created.service_request_id !== undefined) return { service_request_id: created.service_request_id, ...notes };
  if (created.token !== undefined) return { token: created.token, ...notes };
  return notes;
}

function tokenNode(resolution: TokenResolution): SparkRecord {
  return { service_request_id: resolution.service_request_id, token: resolution.token };
}

function errorNode(error: Open311Error): SparkRecord {
  return { code: error.code, description: error.description };
}

function datetimeOrNull(instant: Instant | null): string | null {
  return instant === null ? null : toOpen311Datetime(instant);
}
