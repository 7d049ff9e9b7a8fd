import { CompactSign, importPKCS8 } from 'jose';
import { createHash } from 'node:crypto';
import { AttachmentPart } from './multipart';
import { checkSignedStatements, SIGNATURE_USAGE_TYPE } from './signed-statements';
import { Statement } from './statement';
import { OTHER_SIGNER_CERTIFICATE, TEST_SIGNING_CERTIFICATE, TEST_SIGNING_KEY, x5cOf } from './testing/signing-certificates';

const ORIGINAL = {
  actor: { mbox: 'mailto:budi@palembang.go.id' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: 'https://lms.palembang.go.id/course' },
  timestamp: '2026-11-20T08:45:00.000Z',
} as Statement;

async function signed(payload: unknown, options: { alg?: string; certificate?: string | null; contentType?: string } = {}): Promise<{ statement: Statement; parts: AttachmentPart[] }> {
  const alg = options.alg ?? 'RS256';
  const key = await importPKCS8(TEST_SIGNING_KEY, alg);
  const certificate = options.certificate === undefined ? TEST_SIGNING_CERTIFICATE : options.certificate;
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, ...(certificate === null ? {} : { x5c: [x5cOf(certificate)] }) })
    .sign(key);
  const content = Buffer.from(jws);
  const sha2 = createHash('sha256').update(content).digest('hex');
  const attachment = { usageType: SIGNATURE_USAGE_TYPE, display: { 'en-US': 'Signature' }, contentType: options.contentType ?? 'application/octet-stream', length: content.length, sha2 };
  // The LRS received it with an id and a version it may have added: those differences do not count.
  return { statement: { ...ORIGINAL, id: 'b7c1e2d3-0000-4000-8000-000000000001', version: '1.0.3', attachments: [attachment] }, parts: [{ sha2, contentType: 'application/octet-stream', content }] };
}

describe('a signed statement', () => {
  it.each(['RS256', 'RS384', 'RS512'])('holds when signed with %s, the certificate in its header', async (alg) => {
    const { statement, parts } = await signed(ORIGINAL, { alg });
    expect(await checkSignedStatements([statement], parts)).toEqual({ ok: true, value: undefined });
  });

  it('holds without a certificate when its payload is the statement', async () => {
    const { statement, parts } = await signed(ORIGINAL, { certificate: null });
    expect((await checkSignedStatements([statement], parts)).ok).toBe(true);
  });

  it.each([
    ['a payload that is another statement', () => signed({ ...ORIGINAL, verb: { id: 'http://adlnet.gov/expapi/verbs/passed' } }), 'statement: the signed payload is not the statement received (less its signature attachment)'],
    ['a certificate of another signer', () => signed(ORIGINAL, { certificate: OTHER_SIGNER_CERTIFICATE }), 'statement: the signature does not verify against the certificate in its header (x5c)'],
    ['an algorithm xAPI does not allow', () => signed(ORIGINAL, { alg: 'PS256' }), "statement: the signature's algorithm must be one of RS256, RS384, RS512"],
    ['a signature attachment that is not application/octet-stream', () => signed(ORIGINAL, { contentType: 'application/jose' }), "statement: the signature attachment's contentType must be application/octet-stream"],
  ])('is refused with %s', async (_, make, problem) => {
    const { statement, parts } = await make();
    expect(await checkSignedStatements([statement], parts)).toEqual({ ok: false, errors: [problem] });
  });

  it('is refused when its data is not a JWS', async () => {
    const { statement } = await signed(ORIGINAL);
    const sha2 = statement.attachments?.[0].sha2 ?? '';
    expect(await checkSignedStatements([statement], [{ sha2, contentType: 'application/octet-stream', content: Buffer.from('not a jws') }])).toEqual({
      ok: false, errors: ['statement: the signature is not a JWS in compact serialization with a JSON payload'],
    });
  });

  it('leaves statements without a signature alone', async () => {
    expect((await checkSignedStatements([ORIGINAL], [])).ok).toBe(true);
  });
});
