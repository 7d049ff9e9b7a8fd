import { inIdsFormat } from './ids-format';
import { Statement } from './statement';
import { SPEC_LONG, SPEC_SUB_STATEMENT } from './testing/spec-examples';

describe('inIdsFormat', () => {
  it('reduces the long specification example to identifiers', () => {
    const ids = inIdsFormat(SPEC_LONG as unknown as Statement);
    expect(ids.actor).toEqual({ objectType: 'Group', mbox: 'mailto:teampb@example.com' });
    expect(ids.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/attended' });
    expect(ids.object).toEqual({ objectType: 'Activity', id: 'http://www.example.com/meetings/occurances/34534' });
    expect(ids.context?.instructor).toEqual({ objectType: 'Agent', account: { homePage: 'http://www.example.com', name: '13936749' } });
    expect(ids.context?.contextActivities?.category).toEqual([{ id: 'http://www.example.com/meetings/categories/teammeeting', objectType: 'Activity' }]);
    expect(ids.authority).toEqual({ objectType: 'Agent', account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' } });
    expect(ids.result).toEqual(SPEC_LONG.result);
    expect(ids.context?.registration).toBe(SPEC_LONG.context.registration);
  });

  it('keeps the members of an Anonymous Group, each reduced', () => {
    const anonymous = { ...SPEC_LONG, actor: { objectType: 'Group', member: SPEC_LONG.actor.member } } as unknown as Statement;
    expect(inIdsFormat(anonymous).actor).toEqual({
      objectType: 'Group',
      member: [
        { objectType: 'Agent', account: { homePage: 'http://www.example.com', name: '13936749' } },
        { objectType: 'Agent', openid: 'http://toby.openid.example.org/' },
        { objectType: 'Agent', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' },
      ],
    });
  });

  it('reduces inside a SubStatement', () => {
    const ids = inIdsFormat(SPEC_SUB_STATEMENT as unknown as Statement);
    expect(ids.object).toEqual({
      objectType: 'SubStatement',
      actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
      verb: { id: 'http://example.com/visited' },
      object: { objectType: 'Activity', id: 'http://example.com/website' },
    });
  });
});
