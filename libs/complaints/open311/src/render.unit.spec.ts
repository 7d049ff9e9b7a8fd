import { renderOpen311 } from './render';
import { SPEC_ERRORS, SPEC_POST_ANSWER, SPEC_SERVICE_DEFINITION, SPEC_SERVICE_REQUEST, SPEC_SERVICES, SPEC_DISCOVERY, SPEC_TOKEN_ANSWER } from './testing';

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

describe('rendering GeoReport v2 documents', () => {
  it('gives XML as text/xml and JSON as application/json, both in UTF-8', () => {
    expect(renderOpen311({ resource: 'errors', errors: SPEC_ERRORS }, 'xml').contentType).toBe('text/xml; charset=utf-8');
    expect(renderOpen311({ resource: 'errors', errors: SPEC_ERRORS }, 'json').contentType).toBe('application/json; charset=utf-8');
  });

  it('renders the service list as <services><service> after the XML declaration', () => {
    const { body } = renderOpen311({ resource: 'services', services: SPEC_SERVICES.slice(0, 1) }, 'xml');
    expect(body).toBe(
      [
        DECLARATION,
        '<services>',
        '  <service>',
        '    <service_code>001</service_code>',
        '    <service_name>Cans left out 24x7</service_name>',
        '    <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>',
        '    <metadata>true</metadata>',
        '    <type>realtime</type>',
        '    <keywords>lorem, ipsum, dolor</keywords>',
        '    <group>sanitation</group>',
        '  </service>',
        '</services>',
        '',
      ].join('\n'),
    );
  });

  it('renders the service list in JSON as an array of services', () => {
    const { body } = renderOpen311({ resource: 'services', services: SPEC_SERVICES.slice(0, 1) }, 'json');
    expect(JSON.parse(body)).toEqual([
      {
        service_code: '001',
        service_name: 'Cans left out 24x7',
        description: 'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
        metadata: true,
        type: 'realtime',
        keywords: 'lorem, ipsum, dolor',
        group: 'sanitation',
      },
    ]);
  });

  it('renders an empty service list as an empty container', () => {
    expect(renderOpen311({ resource: 'services', services: [] }, 'xml').body).toBe(`${DECLARATION}\n<services></services>\n`);
    expect(renderOpen311({ resource: 'services', services: [] }, 'json').body).toBe('[]');
  });

  it('renders a service definition with its attributes and their values', () => {
    const { body } = renderOpen311({ resource: 'service_definition', definition: SPEC_SERVICE_DEFINITION }, 'xml');
    expect(body).toContain('<service_definition>\n  <service_code>DMV66</service_code>\n  <attributes>\n    <attribute>\n      <variable>true</variable>');
    expect(body).toContain('<datatype_description></datatype_description>');
    expect(body).toContain('<values>\n        <value>\n          <key>123</key>\n          <name>Ford</name>\n        </value>');
  });

  it('renders a service definition in JSON as an object holding an attributes array', () => {
    const json = JSON.parse(renderOpen311({ resource: 'service_definition', definition: SPEC_SERVICE_DEFINITION }, 'json').body);
    expect(json.service_code).toBe('DMV66');
    expect(json.attributes[0]).toMatchObject({ variable: true, datatype: 'singlevaluelist', datatype_description: null, order: 1 });
    expect(json.attributes[0].values).toEqual([
      { key: '123', name: 'Ford' },
      { key: '124', name: 'Chrysler' },
    ]);
  });

  it('leaves out the values of an attribute that has no options', () => {
    const definition = { service_code: 'X', attributes: [{ ...SPEC_SERVICE_DEFINITION.attributes[0], datatype: 'string' as const, values: undefined }] };
    expect(renderOpen311({ resource: 'service_definition', definition }, 'xml').body).not.toContain('<values>');
    expect(JSON.parse(renderOpen311({ resource: 'service_definition', definition }, 'json').body).attributes[0]).not.toHaveProperty('values');
  });

  it('renders requests as <service_requests><request> with empty elements for missing fields', () => {
    const { body } = renderOpen311({ resource: 'service_requests', requests: [SPEC_SERVICE_REQUEST] }, 'xml');
    expect(body).toContain('<service_requests>\n  <request>\n    <service_request_id>638344</service_request_id>\n    <status>closed</status>');
    expect(body).toContain('    <description></description>\n    <agency_responsible></agency_responsible>\n    <service_notice></service_notice>');
    expect(body).toContain('    <lat>37.762221815</lat>\n    <long>-122.4651145</long>');
  });

  it('gives datetimes in Palembang time, +07:00, and missing fields as null in JSON', () => {
    const [request] = JSON.parse(renderOpen311({ resource: 'service_request', request: SPEC_SERVICE_REQUEST }, 'json').body);
    expect(request).toMatchObject({ requested_datetime: '2010-04-14T21:37:38+07:00', expected_datetime: '2010-04-15T21:37:38+07:00' });
    expect(request).toMatchObject({ description: null, agency_responsible: null, service_notice: null, lat: 37.762221815 });
  });

  it('renders a single request like the list, holding one request', () => {
    const single = renderOpen311({ resource: 'service_request', request: SPEC_SERVICE_REQUEST }, 'xml').body;
    expect(single).toBe(renderOpen311({ resource: 'service_requests', requests: [SPEC_SERVICE_REQUEST] }, 'xml').body);
  });

  it('writes tiny coordinates as decimals, never with an exponent', () => {
    const { body } = renderOpen311({ resource: 'service_request', request: { ...SPEC_SERVICE_REQUEST, lat: 1e-7, long: null } }, 'xml');
    expect(body).toContain('<lat>0.0000001</lat>');
    expect(body).toContain('<long></long>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const request = { ...SPEC_SERVICE_REQUEST, description: `<b>Jl. "Sudirman" & 'Merdeka'</b>\u0007` };
    const { body } = renderOpen311({ resource: 'service_request', request }, 'xml');
    expect(body).toContain('<description>&lt;b&gt;Jl. &quot;Sudirman&quot; &amp; &apos;Merdeka&apos;&lt;/b&gt;\uFFFD</description>');
  });

  it('answers a POST with the request id, the notice and an empty account_id', () => {
    const xml = renderOpen311({ resource: 'post_answer', created: SPEC_POST_ANSWER }, 'xml').body;
    expect(xml).toBe(
      [
        DECLARATION,
        '<service_requests>',
        '  <request>',
        '    <service_request_id>293944</service_request_id>',
        `    <service_notice>${SPEC_POST_ANSWER[0].service_notice}</service_notice>`,
        '    <account_id></account_id>',
        '  </request>',
        '</service_requests>',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderOpen311({ resource: 'post_answer', created: SPEC_POST_ANSWER }, 'json').body)).toEqual([
      { service_request_id: '293944', service_notice: SPEC_POST_ANSWER[0].service_notice, account_id: null },
    ]);
  });

  it('answers a POST to a batch service with a token, and to a blackbox service with neither id nor token', () => {
    const created = [
      { token: 'T-1', service_notice: null, account_id: 'A-9' },
      { service_notice: 'Diterima', account_id: null },
    ];
    expect(JSON.parse(renderOpen311({ resource: 'post_answer', created }, 'json').body)).toEqual([
      { token: 'T-1', service_notice: null, account_id: 'A-9' },
      { service_notice: 'Diterima', account_id: null },
    ]);
  });

  it('answers GET tokens with the request id and the token', () => {
    expect(renderOpen311({ resource: 'token_answer', resolutions: SPEC_TOKEN_ANSWER }, 'xml').body).toContain(
      '<service_requests>\n  <request>\n    <service_request_id>638344</service_request_id>\n    <token>12345</token>\n  </request>\n</service_requests>',
    );
    expect(renderOpen311({ resource: 'token_answer', resolutions: SPEC_TOKEN_ANSWER }, 'json').body).toBe('[{"service_request_id":"638344","token":"12345"}]');
  });

  it('renders errors as <errors><error><code/><description/>', () => {
    expect(renderOpen311({ resource: 'errors', errors: SPEC_ERRORS }, 'xml').body).toBe(
      [DECLARATION, '<errors>', '  <error>', '    <code>403</code>', "    <description>Invalid api_key received -- can&apos;t proceed with create_request.</description>", '  </error>', '</errors>', ''].join('\n'),
    );
    expect(renderOpen311({ resource: 'errors', errors: SPEC_ERRORS }, 'json').body).toBe(`[{"code":403,"description":"Invalid api_key received -- can't proceed with create_request."}]`);
  });

  it('renders discovery with its endpoints and their formats', () => {
    const xml = renderOpen311({ resource: 'discovery', discovery: SPEC_DISCOVERY }, 'xml').body;
    expect(xml).toContain('<discovery>\n  <changeset>2011-02-03 14:18</changeset>');
    expect(xml).toContain('<type>test</type>\n      <formats>\n        <format>text/xml</format>\n        <format>application/json</format>\n      </formats>');
    const json = JSON.parse(renderOpen311({ resource: 'discovery', discovery: SPEC_DISCOVERY }, 'json').body);
    expect(json.endpoints[1]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://open311.mycity.gov/test/v2',
      changeset: '2010-10-02 09:01',
      type: 'test',
      formats: ['text/xml', 'application/json'],
    });
  });
});
