import { renderOpen311 } from '../render';
import { Open311Resource } from '../resources';
import { everyOpen311Example } from './open311.fixtures';
import { validateOpen311Json } from './validate-json';
import { XmlToValidate, validateOpen311Xml, validateOpen311XmlDocuments } from './validate-xml';

/** Needs a JDK (java on the PATH): the XML schemas are checked by javax.xml.validation. */

const examples = everyOpen311Example();
const xmlOf = (resource: Open311Resource) => renderOpen311(examples.find((example) => example.resource === resource)!, 'xml').body;
const jsonOf = (resource: Open311Resource) => JSON.parse(renderOpen311(examples.find((example) => example.resource === resource)!, 'json').body);

/** The service list exactly as the specification prints it, fields in varying order. */
const SPEC_SERVICES_XML = `<?xml version="1.0" encoding="utf-8"?>
<services>
    <service>
        <service_code>001</service_code>
        <service_name>Cans left out 24x7</service_name>
        <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
        <metadata>true</metadata>
        <type>realtime</type>
        <keywords>lorem, ipsum, dolor</keywords>
        <group>sanitation</group>
    </service>
    <service>
        <service_code>002</service_code>
        <metadata>true</metadata>
        <type>realtime</type>
        <keywords>lorem, ipsum, dolor</keywords>
        <group>street</group>
        <service_name>Construction plate shifted</service_name>
        <description>Metal construction plate covering the street or sidewalk has been moved.</description>
    </service>
</services>`;

type XmlMutation = Readonly<{ name: string; resource: Open311Resource; mutate: (xml: string) => string; expected: RegExp }>;

const XML_MUTATIONS: readonly XmlMutation[] = [
  { name: 'a misspelt element name', resource: 'services', mutate: (xml) => xml.replace(/service_name>/g, 'servce_name>'), expected: /servce_name/ },
  { name: 'a missing required element', resource: 'services', mutate: (xml) => xml.replace(/\s*<metadata>true<\/metadata>/, ''), expected: /metadata/ },
  { name: 'metadata other than true or false', resource: 'services', mutate: (xml) => xml.replace('<metadata>true</metadata>', '<metadata>1</metadata>'), expected: /enumeration/ },
  { name: 'an unknown service type', resource: 'services', mutate: (xml) => xml.replace('<type>realtime</type>', '<type>instant</type>'), expected: /instant/ },
  { name: 'a bad status value', resource: 'service_requests', mutate: (xml) => xml.replace('<status>closed</status>', '<status>pending</status>'), expected: /pending/ },
  { name: 'an element the specification does not define', resource: 'service_requests', mutate: (xml) => xml.replace('<status>closed</status>', '<status>closed</status><priority>1</priority>'), expected: /priority/ },
  { name: 'a datetime without time zone', resource: 'service_requests', mutate: (xml) => xml.replace(/<requested_datetime>([^<+]+)\+07:00</, '<requested_datetime>$1<'), expected: /requested_datetime|pattern/ },
  { name: 'a latitude out of range', resource: 'service_requests', mutate: (xml) => xml.replace(/<lat>[^<]*<\/lat>/, '<lat>97.5</lat>'), expected: /97\.5/ },
  { name: 'a media_url that is not http', resource: 'service_requests', mutate: (xml) => xml.replace(/<media_url>[^<]*</, '<media_url>javascript:alert(1)<'), expected: /media_url|javascript/ },
  { name: 'the same request twice', resource: 'service_requests', mutate: (xml) => xml.replace('638349', '638344'), expected: /uniqueServiceRequestId|Duplicate/ },
  { name: 'two requests where one is expected', resource: 'service_request', mutate: (xml) => xml.replace('</request>', '</request>\n' + xml.slice(xml.indexOf('<request>'), xml.indexOf('</request>') + 10)), expected: /request/ },
  { name: 'an unknown attribute datatype', resource: 'service_definition', mutate: (xml) => xml.replace('<datatype>singlevaluelist</datatype>', '<datatype>list</datatype>'), expected: /list/ },
  { name: 'an attribute order of 0', resource: 'service_definition', mutate: (xml) => xml.replace('<order>1</order>', '<order>0</order>'), expected: /order|positiveInteger|0/ },
  { name: 'a value without its key', resource: 'service_definition', mutate: (xml) => xml.replace(/\s*<key>123<\/key>/, ''), expected: /key/ },
  { name: 'both a request id and a token', resource: 'post_answer', mutate: (xml) => xml.replace('</service_request_id>', '</service_request_id><token>T1</token>'), expected: /token/ },
  { name: 'a token answer without its token', resource: 'token_answer', mutate: (xml) => xml.replace(/\s*<token>12345<\/token>/, ''), expected: /token/ },
  { name: 'an error code that is not a number', resource: 'errors', mutate: (xml) => xml.replace('<code>403</code>', '<code>forbidden</code>'), expected: /forbidden/ },
  { name: 'an empty errors list', resource: 'errors', mutate: (xml) => xml.replace(/<errors>[\s\S]*<\/errors>/, '<errors></errors>'), expected: /error/ },
  { name: 'an endpoint type other than production or test', resource: 'discovery', mutate: (xml) => xml.replace('<type>production</type>', '<type>staging</type>'), expected: /staging/ },
  { name: 'an endpoint without formats', resource: 'discovery', mutate: (xml) => xml.replace(/<formats>\s*<format>text\/xml<\/format>\s*<\/formats>/, ''), expected: /formats/ },
  { name: 'a wrong root element', resource: 'services', mutate: (xml) => xml.replace(/services>/g, 'service_list>'), expected: /service_list/ },
  { name: 'no XML declaration', resource: 'errors', mutate: (xml) => xml.replace(/^<\?xml[^>]*\?>\n/, ''), expected: /declaration|<\?xml/ },
  { name: 'a document type declaration', resource: 'errors', mutate: (xml) => xml.replace('<errors>', '<!DOCTYPE errors [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<errors>'), expected: /DOCTYPE/ },
  { name: 'a document that is not well-formed', resource: 'errors', mutate: (xml) => xml.replace('</errors>', ''), expected: /.+/ },
];

describe('the XML schemas', () => {
  let validResults: string[][];
  let mutatedResults: string[][];

  beforeAll(() => {
    const valid: XmlToValidate[] = [
      ...examples.map((example) => ({ xml: renderOpen311(example, 'xml').body, resource: example.resource })),
      { xml: SPEC_SERVICES_XML, resource: 'services' },
      { xml: renderOpen311({ resource: 'services', services: [] }, 'xml').body, resource: 'services' },
      { xml: renderOpen311({ resource: 'post_answer', created: [{ token: 'T-1', service_notice: null, account_id: null }, { service_notice: null, account_id: 'A' }] }, 'xml').body, resource: 'post_answer' },
    ];
    const mutated = XML_MUTATIONS.map((mutation) => ({ xml: mutation.mutate(xmlOf(mutation.resource)), resource: mutation.resource }));
    const results = validateOpen311XmlDocuments([...valid, ...mutated]);
    validResults = results.slice(0, valid.length);
    mutatedResults = results.slice(valid.length);
  });

  it('accept the rendering of every resource, the specification example, an empty list and token and blackbox answers', () => {
    expect(validResults).toEqual(validResults.map(() => []));
  });

  it.each(XML_MUTATIONS.map((mutation, index) => [mutation.name, mutation.resource, index] as const))('refuse %s (%s)', (_name, resource, index) => {
    const mutation = XML_MUTATIONS[index];
    expect(mutation.mutate(xmlOf(resource))).not.toBe(xmlOf(resource));
    expect(mutatedResults[index].join('\n')).toMatch(mutation.expected);
  });

  it('validate a single document too', () => {
    expect(validateOpen311Xml(xmlOf('errors'), 'errors')).toEqual([]);
  });
});

type JsonMutation = Readonly<{ name: string; resource: Open311Resource; mutate: (json: any) => unknown }>; // eslint-disable-line @typescript-eslint/no-explicit-any

const JSON_MUTATIONS: readonly JsonMutation[] = [
  { name: 'a misspelt field', resource: 'services', mutate: ([{ service_name, ...service }]) => [{ ...service, servce_name: service_name }] },
  { name: 'a missing field', resource: 'services', mutate: ([{ metadata: _metadata, ...service }]) => [service] },
  { name: 'metadata as a string', resource: 'services', mutate: ([service]) => [{ ...service, metadata: 'true' }] },
  { name: 'a bad status value', resource: 'service_requests', mutate: ([request]) => [{ ...request, status: 'pending' }] },
  { name: 'a datetime without time zone', resource: 'service_request', mutate: ([request]) => [{ ...request, requested_datetime: '2026-11-30T09:15:00' }] },
  { name: 'a latitude out of range', resource: 'service_request', mutate: ([request]) => [{ ...request, lat: 97.5 }] },
  { name: 'a missing field left undefined instead of null', resource: 'service_request', mutate: ([{ status_notes: _notes, ...request }]) => [request] },
  { name: 'two requests where one is expected', resource: 'service_request', mutate: ([request]) => [request, request] },
  { name: 'an unknown attribute datatype', resource: 'service_definition', mutate: (definition) => ({ ...definition, attributes: [{ ...definition.attributes[0], datatype: 'list' }] }) },
  { name: 'both a request id and a token', resource: 'post_answer', mutate: ([created]) => [{ ...created, token: 'T1' }] },
  { name: 'a token answer without its token', resource: 'token_answer', mutate: ([{ token: _token, ...resolution }]) => [resolution] },
  { name: 'an error code as text', resource: 'errors', mutate: ([error]) => [{ ...error, code: '403' }] },
  { name: 'an endpoint type other than production or test', resource: 'discovery', mutate: (discovery) => ({ ...discovery, endpoints: [{ ...discovery.endpoints[0], type: 'staging' }] }) },
  { name: 'an object where the specification has an array', resource: 'services', mutate: (services) => ({ services }) },
];

describe('the JSON schemas', () => {
  it.each(examples.map((example) => [example.resource, example] as const))('accept the rendering of %s', (resource, example) => {
    expect(validateOpen311Json(renderOpen311(example, 'json').body, resource)).toEqual([]);
  });

  it.each(JSON_MUTATIONS.map((mutation) => [mutation.name, mutation.resource, mutation] as const))('refuse %s (%s)', (_name, resource, mutation) => {
    expect(validateOpen311Json(mutation.mutate(jsonOf(resource)), resource)).not.toEqual([]);
  });

  it('refuse text that is not JSON', () => {
    expect(validateOpen311Json('<errors/>', 'errors')[0]).toMatch(/^not JSON/);
  });
});
