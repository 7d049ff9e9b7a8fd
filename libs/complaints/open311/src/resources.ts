/**
 * The resources of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and its
 * Service Discovery, with the specification's field names. `null` marks a field the
 * specification allows to be empty; it is rendered as an empty element in XML and as
 * `null` in JSON.
 */

/** An ISO 8601 instant, e.g. `2026-11-30T02:15:00Z`; rendered with the +07:00 offset of Asia/Jakarta. */
export type Instant = string;

export type Discovery = Readonly<{
  /** Sortable marker of the last change of this document or of the service definitions. */
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: readonly DiscoveryEndpoint[];
}>;

export type DiscoveryEndpoint = Readonly<{
  /** The specification implemented, e.g. `http://wiki.open311.org/GeoReport_v2`. */
  specification: string;
  url: string;
  changeset: string;
  type: 'production' | 'test';
  /** MIME types, e.g. `text/xml`, `application/json`. */
  formats: readonly string[];
}>;

export type ServiceType = 'realtime' | 'batch' | 'blackbox';

export type Service = Readonly<{
  service_code: string;
  service_name: string;
  description: string | null;
  /** True when the service has a service definition (attributes to fill in). */
  metadata: boolean;
  type: ServiceType;
  /** Comma separated tags, e.g. `jalan, lubang`. */
  keywords: string | null;
  group: string | null;
}>;

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export type ServiceDefinition = Readonly<{
  service_code: string;
  attributes: readonly ServiceAttribute[];
}>;

export type ServiceAttribute = Readonly<{
  /** False when the attribute only informs the user and takes no input. */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  /** Position in the form, from 1, unique within the service. */
  order: number;
  description: string;
  /** The options of a singlevaluelist or multivaluelist; absent for other datatypes. */
  values?: readonly AttributeValue[];
}>;

export type AttributeValue = Readonly<{ key: string; name: string }>;

export type ServiceRequestStatus = 'open' | 'closed';
export const SERVICE_REQUEST_STATUSES: readonly ServiceRequestStatus[] = ['open', 'closed'];

export type ServiceRequest = Readonly<{
  service_request_id: string;
  status: ServiceRequestStatus;
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: Instant;
  updated_datetime: Instant | null;
  expected_datetime: Instant | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}>;

type CreatedRequestNotes = Readonly<{ service_notice: string | null; account_id: string | null }>;

/**
 * One entry of the answer to POST requests: the id for a realtime service, a token for a batch
 * service, neither for a blackbox service.
 */
export type CreatedServiceRequest =
  | (CreatedRequestNotes & Readonly<{ service_request_id: string; token?: never }>)
  | (CreatedRequestNotes & Readonly<{ token: string; service_request_id?: never }>)
  | (CreatedRequestNotes & Readonly<{ service_request_id?: never; token?: never }>);

/** The answer to GET tokens/{token}. */
export type TokenResolution = Readonly<{ service_request_id: string; token: string }>;

export type Open311Error = Readonly<{ code: number; description: string }>;

/** Every document this library renders, tagged with the resource it represents. */
export type Open311Document =
  | Readonly<{ resource: 'discovery'; discovery: Discovery }>
  | Readonly<{ resource: 'services'; services: readonly Service[] }>
  | Readonly<{ resource: 'service_definition'; definition: ServiceDefinition }>
  | Readonly<{ resource: 'service_requests'; requests: readonly ServiceRequest[] }>
  | Readonly<{ resource: 'service_request'; request: ServiceRequest }>
  | Readonly<{ resource: 'post_answer'; created: readonly CreatedServiceRequest[] }>
  | Readonly<{ resource: 'token_answer'; resolutions: readonly TokenResolution[] }>
  | Readonly<{ resource: 'errors'; errors: readonly Open311Error[] }>;

export type Open311Resource = Open311Document['resource'];

export const OPEN311_RESOURCES: readonly Open311Resource[] = [
  'discovery',
  'services',
  'service_definition',
  'service_requests',
  'service_request',
  'post_answer',
  'token_answer',
  'errors',
];
