import { activityOf, personOf } from './person-and-activity';

const HOME = 'https://lms.palembang.go.id';

describe('the Person object of the Agents resource', () => {
  it('given one agent, then the Person holds its name and identifier as arrays', () => {
    expect(personOf([{ objectType: 'Agent', name: 'Siti Aminah', account: { homePage: HOME, name: '1987' } }])).toEqual({ objectType: 'Person', name: ['Siti Aminah'], account: [{ homePage: HOME, name: '1987' }] });
  });

  it('given the same person under several agents, then names and identifiers are gathered once each', () => {
    const person = personOf([{ mbox: 'mailto:siti@palembang.go.id', name: 'Siti' }, { mbox: 'mailto:siti@palembang.go.id', name: 'Siti Aminah' }, { mbox_sha1sum: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', name: 'Siti' }]);
    expect(person).toEqual({ objectType: 'Person', name: ['Siti', 'Siti Aminah'], mbox: ['mailto:siti@palembang.go.id'], mbox_sha1sum: ['abcdef0123456789abcdef0123456789abcdef01'] });
  });
});

describe('the Activity object of the Activities resource', () => {
  const id = `${HOME}/xapi/activities/etika-asn`;

  it('given no definition received, then it is the Activity with its id only', () => {
    expect(activityOf(id, [])).toEqual({ objectType: 'Activity', id });
  });

  it('given several definitions, oldest first, then later properties win and language maps and extensions merge by key', () => {
    const activity = activityOf(id, [
      { name: { 'en-US': 'Ethics' }, type: 'http://adlnet.gov/expapi/activities/course', extensions: { 'https://x/a': 1 } },
      null,
      { name: { 'en-US': 'ASN ethics', 'id-ID': 'Etika ASN' }, description: { 'id-ID': 'Kode etik' }, extensions: { 'https://x/b': 2 } },
    ]);
    expect(activity).toEqual({
      objectType: 'Activity',
      id,
      definition: { name: { 'en-US': 'ASN ethics', 'id-ID': 'Etika ASN' }, description: { 'id-ID': 'Kode etik' }, type: 'http://adlnet.gov/expapi/activities/course', extensions: { 'https://x/a': 1, 'https://x/b': 2 } },
    });
  });
});
