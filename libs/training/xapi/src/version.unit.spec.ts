import { XAPI_VERSION, aboutDocument, acceptsVersion, checkVersionHeader } from './version';

describe('versions', () => {
  it('the LRS speaks 1.0.3 and says so in About', () => {
    expect(XAPI_VERSION).toBe('1.0.3');
    expect(aboutDocument()).toEqual({ version: ['1.0.3'], extensions: {} });
    expect(aboutDocument({ 'https://palembang.go.id/xapi/about/contact': 'bkpsdm@palembang.go.id' }).extensions).toEqual({
      'https://palembang.go.id/xapi/about/contact': 'bkpsdm@palembang.go.id',
    });
  });

  it.each([['1.0.3', '1.0.3'], ['1.0.0', '1.0.0'], ['1.0', '1.0.0'], ['1.0.9', '1.0.9'], [' 1.0.1 ', '1.0.1']])('accepts %s as %s', (header, version) => {
    expect(checkVersionHeader(header)).toEqual({ ok: true, value: version });
    expect(acceptsVersion(header)).toBe(true);
  });

  it.each(['0.95', '0.9', '1.1.0', '2.0.0', '1', 'latest', '1.0.3-beta'])('refuses %s with a reason', (header) => {
    expect(checkVersionHeader(header)).toEqual({ ok: false, errors: [`X-Experience-API-Version ${header} is not supported; this LRS accepts 1.0.x and answers 1.0.3`] });
    expect(acceptsVersion(header)).toBe(false);
  });

  it('requires the header, once', () => {
    expect(checkVersionHeader(undefined)).toEqual({ ok: false, errors: ['X-Experience-API-Version header is required'] });
    expect(checkVersionHeader(['1.0.3', '1.0.3'])).toEqual({ ok: false, errors: ['X-Experience-API-Version header must be given once'] });
  });
});
