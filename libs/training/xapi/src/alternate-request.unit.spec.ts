import { alternateRequest, isAlternateRequest } from './alternate-request';

const FORM = 'application/x-www-form-urlencoded';

describe('the Alternate Request Syntax', () => {
  it('is a POST with method in the query string', () => {
    expect([isAlternateRequest('POST', { method: 'PUT' }), isAlternateRequest('POST', {}), isAlternateRequest('GET', { method: 'PUT' })]).toEqual([true, false, false]);
  });

  it('stands for the request whose method, headers, parameters and content are the form fields', () => {
    const form = { statementId: 'b7c1e2d3-0000-4000-8000-000000000001', 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic eDp5', 'Content-Type': 'application/json', content: '{"a":1}' };
    expect(alternateRequest({ method: 'put' }, FORM, form)).toEqual({
      ok: true,
      value: {
        method: 'PUT',
        headers: { 'x-experience-api-version': '1.0.3', authorization: 'Basic eDp5', 'content-type': 'application/json' },
        query: '?statementId=b7c1e2d3-0000-4000-8000-000000000001',
        content: { a: 1 },
      },
    });
  });

  it('reads a GET with its filters and no content', () => {
    expect(alternateRequest({ method: 'GET' }, `${FORM}; charset=UTF-8`, { limit: '2', verb: 'http://example.com/v w' })).toEqual({
      ok: true, value: { method: 'GET', headers: {}, query: '?limit=2&verb=http%3A%2F%2Fexample.com%2Fv+w', content: undefined },
    });
  });

  it('keeps content of another type than JSON as its bytes', () => {
    const result = alternateRequest({ method: 'PUT' }, FORM, { 'Content-Type': 'text/plain', content: 'Catatan' });
    expect(result.ok && result.value.content).toEqual(Buffer.from('Catatan'));
  });

  it.each([
    ['JSON content that is not JSON', { method: 'PUT' }, FORM, { content: '{"a":' }, 'content is not JSON'],
    ['an unknown method', { method: 'PATCH' }, FORM, {}, 'method must be one of GET, PUT, POST, DELETE'],
    ['another query parameter', { method: 'GET', limit: '1' }, FORM, {}, 'with the Alternate Request Syntax the query string holds only method; send limit as form fields'],
    ['a JSON body', { method: 'PUT' }, 'application/json', {}, 'with the Alternate Request Syntax the body must be application/x-www-form-urlencoded'],
    ['a repeated field', { method: 'GET' }, FORM, { limit: ['1', '2'] }, 'form fields must be given once: limit'],
  ])('refuses %s', (_, query, contentType, form, problem) => {
    expect(alternateRequest(query, contentType, form)).toEqual({ ok: false, errors: [problem] });
  });
});
