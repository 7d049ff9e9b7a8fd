import { FormFields } from './form-fields';
import { Parsed } from './result';
import { ServiceRequestForm, parseServiceRequestForm } from './service-request-form';

const SPEC_EXAMPLE: FormFields = {
  api_key: 'xyz',
  jurisdiction_id: 'city.gov',
  service_code: '001',
  lat: '37.76524078',
  long: '-122.4212043',
  address_string: '1234 5th street',
  email: 'smit333@sfgov.edu',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: 'john',
  last_name: 'smith',
  phone: '111111111',
  description: 'A large sinkhole is destroying the street',
  media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
  'attribute[WHISPAWN]': '123456',
  'attribute[WHISDORN]': 'COISL001',
};

const MINIMAL: FormFields = { service_code: 'JALAN-BERLUBANG', address_string: 'Jl. Jenderal Sudirman, Palembang' };

function errorsOf(result: Parsed<ServiceRequestForm>): string[] {
  if (result.ok) throw new Error('expected the form to be refused');
  expect(result.errors.every((error) => error.code === 400)).toBe(true);
  return result.errors.map((error) => error.description);
}

describe('a POST requests form', () => {
  it('reads the specification example', () => {
    expect(parseServiceRequestForm(SPEC_EXAMPLE)).toEqual({
      ok: true,
      value: {
        api_key: 'xyz',
        jurisdiction_id: 'city.gov',
        service_code: '001',
        lat: 37.76524078,
        long: -122.4212043,
        address_string: '1234 5th street',
        address_id: null,
        email: 'smit333@sfgov.edu',
        device_id: 'tt222111',
        account_id: '123456',
        first_name: 'john',
        last_name: 'smith',
        phone: '111111111',
        description: 'A large sinkhole is destroying the street',
        media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
        attributes: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
      },
    });
  });

  it('treats empty fields as absent and trims values', () => {
    const result = parseServiceRequestForm({ ...MINIMAL, email: '', first_name: '  Siti  ', lat: ' ', long: '' });
    expect(result).toMatchObject({ ok: true, value: { email: null, first_name: 'Siti', lat: null, long: null } });
  });

  it('treats every optional field sent empty as absent, jurisdiction_id and attributes included', () => {
    const result = parseServiceRequestForm({ ...MINIMAL, jurisdiction_id: '', address_id: '', media_url: ' ', description: '', device_id: '', 'attribute[intake_type]': '', 'attribute[BAHAYA][]': ['', ' '] });
    expect(result).toMatchObject({ ok: true, value: { jurisdiction_id: null, address_id: null, media_url: null, description: null, device_id: null, attributes: {} } });
  });

  it('collects attribute[CODE][] fields into lists', () => {
    const result = parseServiceRequestForm({ ...MINIMAL, 'attribute[BAHAYA][]': ['motor', 'pejalan'], 'attribute[UKURAN]': 'besar', 'attribute[SATU][]': 'x' });
    expect(result).toMatchObject({ ok: true, value: { attributes: { BAHAYA: ['motor', 'pejalan'], UKURAN: 'besar', SATU: ['x'] } } });
  });

  it('accepts a location given by lat and long, by address_string or by address_id alone', () => {
    for (const location of [{ lat: '-2.9761', long: '104.7754' }, { address_string: 'Jl. Merdeka' }, { address_id: 'PLG-001' }]) {
      expect(parseServiceRequestForm({ service_code: 'X', ...location }).ok).toBe(true);
    }
  });

  it('requires service_code', () => {
    expect(errorsOf(parseServiceRequestForm({ address_string: 'Jl. Merdeka' }))).toEqual(['service_code was not provided']);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, service_code: '  ' }))).toEqual(['service_code was not provided']);
  });

  it('requires a location', () => {
    expect(errorsOf(parseServiceRequestForm({ service_code: 'X' }))).toEqual(['A location is required: lat and long, address_string or address_id']);
  });

  it('requires lat and long together', () => {
    expect(errorsOf(parseServiceRequestForm({ service_code: 'X', lat: '-2.97' }))).toEqual(['lat and long must be given together']);
    expect(errorsOf(parseServiceRequestForm({ service_code: 'X', long: '104.77', address_string: 'Jl. Merdeka' }))).toEqual(['lat and long must be given together']);
  });

  it('refuses coordinates that are not numbers or out of range', () => {
    for (const [lat, long] of [['abc', '104'], ['1e2', '104'], ['Infinity', '104'], ['-90.5', '104'], ['-2.9', '180.01'], ['0x10', '104']]) {
      const errors = errorsOf(parseServiceRequestForm({ service_code: 'X', lat, long }));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^(lat|long) must be a decimal number of degrees/);
    }
  });

  it('accepts the edges of the coordinate ranges', () => {
    expect(parseServiceRequestForm({ service_code: 'X', lat: '-90', long: '180.0' })).toMatchObject({ ok: true, value: { lat: -90, long: 180 } });
  });

  it('refuses a description longer than 4,000 characters', () => {
    expect(parseServiceRequestForm({ ...MINIMAL, description: 'a'.repeat(4000) }).ok).toBe(true);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, description: 'a'.repeat(4001) }))).toEqual(['description is longer than 4000 characters']);
  });

  it('bounds every text field', () => {
    for (const name of ['api_key', 'jurisdiction_id', 'service_code', 'address_id', 'device_id', 'account_id', 'first_name', 'last_name']) {
      expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, [name]: 'x'.repeat(256) }))).toContain(`${name} is longer than 255 characters`);
    }
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, address_string: 'x'.repeat(501) }))).toContain('address_string is longer than 500 characters');
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, phone: '1'.repeat(33) }))).toEqual(['phone is longer than 32 characters']);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, media_url: `https://x.id/${'a'.repeat(2048)}` }))).toEqual(['media_url is longer than 2048 characters']);
  });

  it('refuses a media_url that is not http or https', () => {
    for (const media_url of ['javascript:alert(1)', 'ftp://x.id/a.jpg', 'bukan url']) {
      expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, media_url }))).toEqual(['media_url must be an http or https URL']);
    }
  });

  it('refuses an email that is not an address', () => {
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, email: 'siti@' }))).toEqual(['email is not an email address']);
  });

  it('refuses a field given twice', () => {
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, service_code: ['A', 'B'] }))).toEqual(['service_code was given more than once']);
  });

  it('refuses attribute[CODE] given twice, and the same code as value and list', () => {
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, 'attribute[A]': ['1', '2'] }))).toEqual(['attribute[A] was given more than once; send several values as attribute[A][]']);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, 'attribute[A]': '1', 'attribute[A][]': ['2'] }))).toEqual(['attribute[A] was given both as one value and as a list']);
  });

  it('bounds attribute codes, values and counts', () => {
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, [`attribute[${'K'.repeat(65)}]`]: '1' }))[0]).toMatch(/longer than 64 characters/);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, 'attribute[A]': 'v'.repeat(4001) }))).toEqual(['attribute[A] is longer than 4000 characters']);
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, 'attribute[A][]': Array.from({ length: 101 }, (_, index) => String(index)) }))).toEqual(['attribute[A][] holds more than 100 values']);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`attribute[A${index}]`, '1']));
    expect(errorsOf(parseServiceRequestForm({ ...MINIMAL, ...many }))).toEqual(['At most 100 attributes may be given']);
  });

  it('reports every problem at once', () => {
    expect(errorsOf(parseServiceRequestForm({ lat: '91', long: '0', email: 'x', media_url: 'x' }))).toEqual([
      'lat must be a decimal number of degrees between -90 and 90 (WGS84)',
      'email is not an email address',
      'media_url must be an http or https URL',
      'service_code was not provided',
    ]);
  });
});
