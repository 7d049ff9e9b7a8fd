import { prepareForStorage } from './prepare-for-storage';
import { Statement } from './statement';
import { duplicateOutcome, statementsEquivalent } from './statement-comparison';
import { LMS_COMPLETION, SPEC_LONG, SPEC_SUB_STATEMENT, Editable, edited } from './testing/spec-examples';

const sent = LMS_COMPLETION as Statement;
const stored = prepareForStorage(sent, { now: new Date('2026-11-21T01:00:00Z'), authority: { homePage: 'https://lrs.palembang.go.id', name: 'moodle' }, newId: () => 'unused' });
const variant = (edit: (copy: Editable) => void) => edited(sent, edit) as Statement;

describe('statementsEquivalent ignores what the exceptions to immutability can change', () => {
  it('the properties the LRS assigns: stored, authority, version, and a timestamp sent without one', () => {
    expect(statementsEquivalent(stored, sent)).toBe(true);
    expect(statementsEquivalent(stored, variant((s) => delete s.timestamp))).toBe(true);
    expect(statementsEquivalent(stored, variant((s) => (s.version = '1.0.0')))).toBe(true);
  });

  it('the serialisation of timestamps: the same instant in another zone', () => {
    expect(statementsEquivalent(sent, variant((s) => (s.timestamp = '2026-11-20T08:45:00.000Z')))).toBe(true);
  });

  it('Activity definitions and Verb display', () => {
    expect(statementsEquivalent(sent, variant((s) => ((s.object.definition = { name: { en: 'Basic Public Service' } }), (s.verb.display = { en: 'finished' }))))).toBe(true);
  });

  it('the order of Group members and a single context Activity against an array of one', () => {
    const long = SPEC_LONG as unknown as Statement;
    const reordered = edited(SPEC_LONG, (s) => {
      s.actor.member.reverse();
      s.context.contextActivities.parent = s.context.contextActivities.parent[0];
    }) as Statement;
    expect(statementsEquivalent(long, reordered)).toBe(true);
  });

  it('case where values are case insensitive: e-mail domain, UUIDs, hashes', () => {
    const mailed = { ...sent, actor: { mbox: 'mailto:Siti@BKPSDM.Palembang.go.id' } } as Statement;
    expect(statementsEquivalent(mailed, { ...mailed, actor: { mbox: 'mailto:Siti@bkpsdm.palembang.go.id' } })).toBe(true);
    expect(statementsEquivalent(sent, variant((s) => (s.context.registration = s.context.registration.toUpperCase())))).toBe(true);
  });

  it('duration precision beyond 0.01 s, and property order', () => {
    const timed = variant((s) => (s.result.duration = 'PT1.234S'));
    expect(statementsEquivalent(timed, variant((s) => (s.result.duration = 'PT1.2399S')))).toBe(true);
    expect(statementsEquivalent(sent, Object.fromEntries(Object.entries(sent).reverse()) as Statement)).toBe(true);
  });
});

describe('statementsEquivalent counts every other difference', () => {
  it.each<[string, (copy: Editable) => void]>([
    ['another actor', (s) => (s.actor.account.name = '198503122010012004')],
    ['another verb', (s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/passed')],
    ['another Activity', (s) => (s.object.id = 'https://lms.palembang.go.id/course/other')],
    ['another score', (s) => (s.result.score.raw = 88)],
    ['another success', (s) => (s.result.success = false)],
    ['another instant', (s) => (s.timestamp = '2026-11-20T15:46:00+07:00')],
    ['a duration written differently', (s) => (s.result.duration = 'PT750M')],
    ['a context property added', (s) => (s.context.revision = '2')],
    ['the objectType left to its default', (s) => delete s.object.objectType],
  ])('%s', (_, edit) => {
    expect(statementsEquivalent(sent, edited(sent, edit) as Statement)).toBe(false);
  });

  it('the local part of an e-mail address in another case', () => {
    const mailed = { ...sent, actor: { mbox: 'mailto:siti@example.com' } } as Statement;
    expect(statementsEquivalent(mailed, { ...mailed, actor: { mbox: 'mailto:SITI@example.com' } })).toBe(false);
  });

  it('inside a SubStatement, its timestamp and its object', () => {
    const sub = SPEC_SUB_STATEMENT as unknown as Statement;
    expect(statementsEquivalent(sub, edited(sub, (s) => (s.object.object.id = 'http://example.com/other')) as Statement)).toBe(false);
    const dated = edited(sub, (s) => (s.object.timestamp = '2030-01-01T00:00:00Z')) as Statement;
    expect(statementsEquivalent(dated, edited(dated, (s) => (s.object.timestamp = '2030-01-01T07:00:00+07:00')) as Statement)).toBe(true);
    expect(statementsEquivalent(dated, sub)).toBe(false);
  });
});

describe('duplicateOutcome', () => {
  it('stores a new id, changes nothing for the same Statement, conflicts on a different one', () => {
    expect(duplicateOutcome(undefined, sent)).toBe('new');
    expect(duplicateOutcome(stored, sent)).toBe('identical');
    expect(duplicateOutcome(stored, variant((s) => (s.result.success = false)))).toBe('conflict');
  });
});
