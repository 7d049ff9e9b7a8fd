import { apiKeyOf, withoutApiKey } from './open311-api-key.guard';

describe('the Open311 api_key', () => {
  it('is read from the form body, else from the query string', () => {
    expect(apiKeyOf({ api_key: 'id:secret' }, {})).toBe('id:secret');
    expect(apiKeyOf({ service_code: 'X' }, { api_key: 'id:secret' })).toBe('id:secret');
    expect(apiKeyOf(undefined, { api_key: 'id:secret' })).toBe('id:secret');
    expect(apiKeyOf({ api_key: 'body:key' }, { api_key: 'query:key' })).toBe('body:key');
  });

  it('counts an empty form value as absent', () => {
    expect(apiKeyOf({ api_key: '' }, { api_key: 'id:secret' })).toBe('id:secret');
    expect(apiKeyOf({ api_key: '' }, {})).toBeUndefined();
  });

  it('is removed from the forwarded URL, however it is spelled, leaving every other parameter as sent', () => {
    expect(withoutApiKey('/open311/v2/requests.json?api_key=id%3As&jurisdiction_id=')).toBe('/open311/v2/requests.json?jurisdiction_id=');
    expect(withoutApiKey('/open311/v2/requests.json?status=open,closed&api%5Fkey=a&api_key=b&start_date=2026-01-01T00%3A00%3A00%2B07%3A00')).toBe(
      '/open311/v2/requests.json?status=open,closed&start_date=2026-01-01T00%3A00%3A00%2B07%3A00',
    );
    expect(withoutApiKey('/open311/v2/requests.xml?api_key=x')).toBe('/open311/v2/requests.xml');
    expect(withoutApiKey('/open311/v2/requests.xml')).toBe('/open311/v2/requests.xml');
    expect(withoutApiKey('/open311/v2/requests.xml?api_keys=x&xapi_key=y')).toBe('/open311/v2/requests.xml?api_keys=x&xapi_key=y');
  });
});
