import { sampleNip } from './fixtures/training.fixtures';
import { civilServantNipOfXapiActor, subjectOfXapiActor, XAPI_ACTOR_PERSONAL_FIELDS, xapiAgentKey, xapiStatementContract } from './training.contracts';

describe("the xAPI statement's personal data", () => {
  it("seals the actor's name and identifying mailbox, hash and OpenID, never the NIP", () => {
    expect(xapiStatementContract).toMatchObject({ type: 'XapiStatementStored', schemaVersion: 1 });
    expect(xapiStatementContract.personalData?.fields).toEqual(['actor.name', 'actor.mbox', 'actor.mbox_sha1sum', 'actor.openid']);
    expect(XAPI_ACTOR_PERSONAL_FIELDS).toEqual(['actor.name', 'actor.mbox', 'actor.mbox_sha1sum', 'actor.openid']);
    expect(xapiStatementContract.personalData?.agencyId).toBeUndefined();
  });

  it('seals a civil servant under their civil-servant subject, so forgetting them erases their statements too', () => {
    const actor = { name: 'Siti', account: { homePage: 'https://lms.palembang.go.id', name: sampleNip(3) } };
    expect(xapiStatementContract.personalData?.subjectId({ actor } as never)).toBe(`civil-servant:${sampleNip(3)}`);
  });

  it('never takes a Group for a civil servant: an identified Group\'s account is the group\'s, not a member\'s (xAPI 1.0.3, 2.4.2.2)', () => {
    const account = { homePage: 'https://lms.palembang.go.id', name: sampleNip(3) };
    expect(civilServantNipOfXapiActor({ objectType: 'Agent', account })).toBe(sampleNip(3));
    expect(civilServantNipOfXapiActor({ account })).toBe(sampleNip(3));
    expect(civilServantNipOfXapiActor({ objectType: 'Group', account })).toBeNull();
    expect(civilServantNipOfXapiActor({ objectType: 'Agent', account: { ...account, name: '198503122010011' } })).toBeNull();
    const group = { objectType: 'Group', name: 'Kelompok', account };
    expect(xapiStatementContract.personalData?.subjectId({ actor: group } as never)).toBe(`xapi-agent:account:https://lms.palembang.go.id|${sampleNip(3)}`);
  });

  it('seals any other agent under its one identifier', () => {
    expect(subjectOfXapiActor({ mbox: 'mailto:a@example.com' })).toBe('xapi-agent:mbox:mailto:a@example.com');
    expect(subjectOfXapiActor({ mbox_sha1sum: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })).toBe('xapi-agent:sha1:abcdef0123456789abcdef0123456789abcdef01');
    expect(subjectOfXapiActor({ account: { homePage: 'https://lms', name: 'learner-1' } })).toBe('xapi-agent:account:https://lms|learner-1');
    expect(xapiAgentKey(undefined)).toBeNull();
    expect(xapiAgentKey({})).toBeNull();
  });
});
