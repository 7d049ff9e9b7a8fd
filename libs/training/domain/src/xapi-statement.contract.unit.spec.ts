import { sampleNip } from './fixtures/training.fixtures';
import { subjectOfCivilServant, subjectOfXapiActor, subjectOfXapiAgent, XAPI_ACTOR_PERSONAL_FIELDS, xapiAgentKey, xapiStatementContract } from './training.contracts';

describe("the xAPI statement's personal data", () => {
  it("seals the actor's name and identifying mailbox, hash and OpenID, never the NIP", () => {
    expect(xapiStatementContract.personalData?.fields).toEqual(XAPI_ACTOR_PERSONAL_FIELDS);
    expect(XAPI_ACTOR_PERSONAL_FIELDS).toEqual(['actor.name', 'actor.mbox', 'actor.mbox_sha1sum', 'actor.openid']);
  });

  it('seals a civil servant under their civil-servant subject, so forgetting them erases their statements too', () => {
    const actor = { name: 'Siti', account: { homePage: 'https://lms.palembang.go.id', name: sampleNip(3) } };
    expect(xapiStatementContract.personalData?.subjectId({ actor } as never)).toBe(subjectOfCivilServant(sampleNip(3)));
  });

  it('seals any other agent under its one identifier', () => {
    expect(subjectOfXapiActor({ mbox: 'mailto:a@example.com' })).toBe(subjectOfXapiAgent('mbox:mailto:a@example.com'));
    expect(subjectOfXapiActor({ mbox_sha1sum: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })).toBe('xapi-agent:sha1:abcdef0123456789abcdef0123456789abcdef01');
    expect(subjectOfXapiActor({ account: { homePage: 'https://lms', name: 'learner-1' } })).toBe('xapi-agent:account:https://lms|learner-1');
    expect(xapiAgentKey(undefined)).toBeNull();
    expect(xapiAgentKey({})).toBeNull();
  });
});
