import { coarseDegrees, publicPlaceOf } from './public-view';

describe('the place a public Open311 read shows', () => {
  const report = { anonymous: false, address: 'Jl. Demang Lebar Daun No. 12', location: { latitude: -2.976149, longitude: 104.745449 }, statusNotes: 'Ditambal', mediaUrl: 'https://lapor.example/foto/42.jpg', addressId: 'ADDR-16-ILIR-12' };

  it('snaps the position to 0.001 degree (about 100 m), never the exact point', () => {
    expect(publicPlaceOf(report)).toMatchObject({ lat: -2.976, long: 104.745 });
    expect(coarseDegrees(104.7455)).toBe(104.746);
    expect(coarseDegrees(-2.9765)).toBe(-2.977);
    expect(coarseDegrees(-0.0004)).toBe(0);
    expect(Object.is(coarseDegrees(-0.0004), -0)).toBe(false);
  });

  it('keeps the address, address id, media link and notes of a report whose reporter is known to the agency', () => {
    expect(publicPlaceOf(report)).toEqual({
      address: 'Jl. Demang Lebar Daun No. 12',
      address_id: 'ADDR-16-ILIR-12',
      lat: -2.976,
      long: 104.745,
      status_notes: 'Ditambal',
      media_url: 'https://lapor.example/foto/42.jpg',
    });
  });

  it('drops the address, address id, media link and notes of an anonymous report, and keeps only its coarse position', () => {
    expect(publicPlaceOf({ ...report, anonymous: true })).toEqual({ address: null, address_id: null, lat: -2.976, long: 104.745, status_notes: null, media_url: null });
  });

  it('shows no position when none was given', () => {
    expect(publicPlaceOf({ ...report, location: null })).toMatchObject({ lat: null, long: null });
  });
});
