import {
  CreatedServiceRequest,
  Discovery,
  Open311Document,
  Open311Error,
  Service,
  ServiceDefinition,
  ServiceRequest,
  TokenResolution,
} from '../resources';

/** The examples of the GeoReport v2 specification, as values of this library's types. */

export const SPEC_DISCOVERY: Discovery = {
  changeset: '2011-02-03 14:18',
  contact: 'You can email or call for assistance api@mycity.org +1 (555) 555-5555',
  key_service: 'You can request a key here: http://api.mycity.gov/api_key/request',
  endpoints: [
    { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://open311.mycity.gov/v2', changeset: '2010-11-23 09:01', type: 'production', formats: ['text/xml'] },
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://open311.mycity.gov/test/v2',
      changeset: '2010-10-02 09:01',
      type: 'test',
      formats: ['text/xml', 'application/json'],
    },
  ],
};

export const SPEC_SERVICES: readonly Service[] = [
  {
    service_code: '001',
    service_name: 'Cans left out 24x7',
    description: 'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
    metadata: true,
    type: 'realtime',
    keywords: 'lorem, ipsum, dolor',
    group: 'sanitation',
  },
  {
    service_code: '002',
    service_name: 'Construction plate shifted',
    description: 'Metal construction plate covering the street or sidewalk has been moved.',
    metadata: true,
    type: 'realtime',
    keywords: 'lorem, ipsum, dolor',
    group: 'street',
  },
];

export const SPEC_SERVICE_DEFINITION: ServiceDefinition = {
  service_code: 'DMV66',
  attributes: [
    {
      variable: true,
      code: 'WHISHETN',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'What is the ticket/tag/DL number?',
      values: [
        { key: '123', name: 'Ford' },
        { key: '124', name: 'Chrysler' },
      ],
    },
  ],
};

export const SPEC_SERVICE_REQUEST: ServiceRequest = {
  service_request_id: '638344',
  status: 'closed',
  status_notes: 'Duplicate request.',
  service_name: 'Sidewalk and Curb Issues',
  service_code: '006',
  description: null,
  agency_responsible: null,
  service_notice: null,
  requested_datetime: '2010-04-14T06:37:38-08:00',
  updated_datetime: '2010-04-14T06:37:38-08:00',
  expected_datetime: '2010-04-15T06:37:38-08:00',
  address: '8TH AVE and JUDAH ST',
  address_id: '545483',
  zipcode: '94122',
  lat: 37.762221815,
  long: -122.4651145,
  media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg',
};

export const SPEC_POST_ANSWER: readonly CreatedServiceRequest[] = [
  {
    service_request_id: '293944',
    service_notice:
      'The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code',
    account_id: null,
  },
];

export const SPEC_TOKEN_ANSWER: readonly TokenResolution[] = [{ service_request_id: '638344', token: '12345' }];

export const SPEC_ERRORS: readonly Open311Error[] = [{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }];

/** A Palembang service with one attribute of every datatype, for checking submitted attributes. */
export const PALEMBANG_POTHOLE_DEFINITION: ServiceDefinition = {
  service_code: 'JALAN-BERLUBANG',
  attributes: [
    { variable: false, code: 'INFO', datatype: 'text', required: false, datatype_description: null, order: 1, description: 'Laporan diteruskan ke Dinas PUPR.' },
    { variable: true, code: 'UKURAN', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 2, description: 'Seberapa besar lubangnya?', values: [{ key: 'kecil', name: 'Kecil' }, { key: 'besar', name: 'Besar' }] },
    { variable: true, code: 'BAHAYA', datatype: 'multivaluelist', required: false, datatype_description: null, order: 3, description: 'Bahaya apa saja?', values: [{ key: 'motor', name: 'Pengendara motor' }, { key: 'pejalan', name: 'Pejalan kaki' }] },
    { variable: true, code: 'KEDALAMAN', datatype: 'number', required: false, datatype_description: 'Dalam sentimeter', order: 4, description: 'Kedalaman lubang' },
    { variable: true, code: 'SEJAK', datatype: 'datetime', required: false, datatype_description: null, order: 5, description: 'Sejak kapan?' },
    { variable: true, code: 'PATOKAN', datatype: 'string', required: false, datatype_description: null, order: 6, description: 'Patokan terdekat' },
    { variable: true, code: 'CATATAN', datatype: 'text', required: false, datatype_description: null, order: 7, description: 'Catatan lain' },
  ],
};

/** One valid document of every resource, e.g. to check that each renders to a valid XML and JSON form. */
export function everyOpen311Example(): readonly Open311Document[] {
  return [
    { resource: 'discovery', discovery: SPEC_DISCOVERY },
    { resource: 'services', services: SPEC_SERVICES },
    { resource: 'service_definition', definition: SPEC_SERVICE_DEFINITION },
    { resource: 'service_requests', requests: [SPEC_SERVICE_REQUEST, { ...SPEC_SERVICE_REQUEST, service_request_id: '638349', status: 'open', status_notes: null }] },
    { resource: 'service_request', request: SPEC_SERVICE_REQUEST },
    { resource: 'post_answer', created: SPEC_POST_ANSWER },
    { resource: 'token_answer', resolutions: SPEC_TOKEN_ANSWER },
    { resource: 'errors', errors: SPEC_ERRORS },
  ];
}
