import { isValidNik, isValidNip, parseNip } from './identity-numbers';

describe('a NIK', () => {
  it('has 16 digits with a province code, a date of birth and a serial number', () => {
    expect(isValidNik('1671011708900001')).toBe(true);
    expect(isValidNik('1671015708900001')).toBe(true); // a woman's NIK: day of birth + 40
  });

  it('is refused when too short, not numeric, or with an impossible province, date or serial', () => {
    for (const nik of ['167101170890000', '16710117089000011', '16710117089O0001', '0971011708900001', '1671013208900001', '1671011713900001', '1671011708900000']) {
      expect(isValidNik(nik)).toBe(false);
    }
  });
});

describe('a NIP', () => {
  // Born 17 August 1985, appointed March 2010, female, serial 001.
  const nip = '198508172010032001';

  it('has 18 digits: date of birth, month of appointment, gender and a serial number', () => {
    expect(isValidNip(nip)).toBe(true);
    expect(parseNip(nip)).toEqual({ birthDate: '1985-08-17', appointedIn: '2010-03', gender: 'female', serial: '001' });
    expect(parseNip('197602292001121015')).toEqual({ birthDate: '1976-02-29', appointedIn: '2001-12', gender: 'male', serial: '015' });
  });

  it('is refused when too short, too long or not numeric', () => {
    for (const candidate of ['19850817201003200', '1985081720100320011', '19850817201003200A', '1985 0817 2010 03 2 001', '']) {
      expect(isValidNip(candidate)).toBe(false);
    }
  });

  it('is refused with an impossible date of birth', () => {
    for (const candidate of ['198513172010032001', '198508322010032001', '198502292010032001', '198508002010032001', '185008172010032001']) {
      expect(isValidNip(candidate)).toBe(false);
    }
  });

  it('is refused with an impossible appointment, gender or serial', () => {
    for (const candidate of ['198508172010132001', '198508172010002001', '198508171980032001', '198508172010033001', '198508172010030001', '198508172010032000']) {
      expect(isValidNip(candidate)).toBe(false);
    }
  });

  it('is not a NIK, nor a NIK a NIP', () => {
    expect(isValidNip('1671011708900001')).toBe(false);
    expect(isValidNik(nip)).toBe(false);
  });
});
