import { isValidEmail, isValidPhone } from './contact';

describe('a phone number', () => {
  it('accepts mobile and Palembang landline numbers in the usual notations', () => {
    for (const phone of ['081273001234', '+62 812-7300-1234', '0711-352000']) expect(isValidPhone(phone)).toBe(true);
  });

  it('is refused when too short, too long or not Indonesian', () => {
    for (const phone of ['812', '0812', '+1 202 555 0100', '08127300123456789', '00812730012']) expect(isValidPhone(phone)).toBe(false);
  });
});

describe('an e-mail address', () => {
  it('needs a local part, an @ and a domain with a dot', () => {
    expect(isValidEmail('siti.aminah@example.id')).toBe(true);
    for (const email of ['siti@', '@example.id', 'siti aminah@example.id', 'siti@example', `${'a'.repeat(250)}@x.id`]) expect(isValidEmail(email)).toBe(false);
  });
});
