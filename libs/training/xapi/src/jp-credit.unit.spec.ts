import { JpProgram, jpCreditOf } from './jp-credit';
import { Statement } from './statement';
import { LMS_COMPLETION, Editable, edited } from './testing/spec-examples';

const programs = new Map<string, JpProgram>([['https://lms.palembang.go.id/course/pelayanan-publik-dasar', { programId: 'PPD-2026', jp: 24 }]]);
const completion = LMS_COMPLETION as Statement;
const variant = (edit: (copy: Editable) => void) => edited(completion, edit) as Statement;

describe('jpCreditOf', () => {
  it('credits a completed program to the NIP of the account, at the timestamp in UTC', () => {
    expect(jpCreditOf(completion, programs)).toEqual({
      nip: '198503122010012003', programId: 'PPD-2026', jp: 24, statementId: LMS_COMPLETION.id, completedAt: '2026-11-20T08:45:00.000Z',
    });
  });

  it('credits passed, and results without success', () => {
    expect(jpCreditOf(variant((s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/passed')), programs)).not.toBeNull();
    expect(jpCreditOf(variant((s) => delete s.result), programs)).not.toBeNull();
    expect(jpCreditOf(variant((s) => delete s.object.objectType), programs)).not.toBeNull();
  });

  it.each<[string, (copy: Editable) => void]>([
    ['another verb', (s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/attempted')],
    ['the voided verb', (s) => ((s.verb.id = 'http://adlnet.gov/expapi/verbs/voided'), (s.object = { objectType: 'StatementRef', id: s.id }))],
    ['an unsuccessful result', (s) => (s.result.success = false)],
    ['an Activity of no program', (s) => (s.object.id = 'https://lms.palembang.go.id/course/unknown')],
    ['an object that is not an Activity', (s) => (s.object = { objectType: 'Agent', account: s.actor.account })],
    ['an actor identified by mbox', (s) => (s.actor = { mbox: 'mailto:siti@palembang.go.id' })],
    ['an account name that is not a NIP', (s) => (s.actor.account.name = 'siti.aminah')],
    ['a NIP of 17 digits', (s) => (s.actor.account.name = '19850312201001200')],
    ['a Group as actor', (s) => (s.actor = { objectType: 'Group', account: s.actor.account })],
    ['no id', (s) => delete s.id],
  ])('gives nothing for %s', (_, edit) => {
    expect(jpCreditOf(variant(edit), programs)).toBeNull();
  });
});
