import { createHash } from 'node:crypto';
import { checkAttachmentParts, multipartAnswer, readStatementsMultipart } from './multipart';
import { Statement } from './statement';

const sha2Of = (content: Buffer, hexLength: number) => (hexLength === 64 ? createHash('sha256').update(content).digest('hex') : '');
const DATA = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a]);
const SHA2 = createHash('sha256').update(DATA).digest('hex');
const STATEMENT = {
  actor: { mbox: 'mailto:budi@palembang.go.id' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: 'https://lms.palembang.go.id/course' },
  attachments: [{ usageType: 'http://id.tincanapi.com/attachment/certificate', display: { 'en-US': 'Certificate' }, contentType: 'application/pdf', length: DATA.length, sha2: SHA2 }],
};

function body(parts: Array<{ headers: string[]; content: Buffer | string }>, boundary = 'b0und'): Buffer {
  return Buffer.concat([
    ...parts.flatMap((part) => [Buffer.from(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.content), Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}
const statementsPart = { headers: ['Content-Type: application/json'], content: JSON.stringify(STATEMENT) };
const dataPart = { headers: ['Content-Type: application/pdf', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${SHA2}`], content: DATA };

describe('a multipart/mixed Statement request', () => {
  it('reads the statements from the first part and each attachment part as bytes', () => {
    expect(readStatementsMultipart(body([statementsPart, dataPart]), 'multipart/mixed; boundary=b0und', sha2Of)).toEqual({
      ok: true, value: { statements: STATEMENT, parts: [{ sha2: SHA2, contentType: 'application/pdf', content: DATA }] },
    });
  });

  it.each([
    ['no boundary', body([statementsPart]), 'multipart/mixed', 'a multipart/mixed request must name its boundary'],
    ['a first part that is not JSON', body([dataPart]), 'multipart/mixed; boundary=b0und', 'the first part of a multipart/mixed request must be the statements as application/json'],
    ['a part without its hash', body([statementsPart, { ...dataPart, headers: dataPart.headers.slice(0, 2) }]), 'multipart/mixed; boundary=b0und', 'part 2 has no X-Experience-API-Hash header'],
    ['a hash that is not the content', body([statementsPart, { ...dataPart, content: 'other' }]), 'multipart/mixed; boundary=b0und', 'part 2: X-Experience-API-Hash does not match its content'],
    ['a part not binary', body([statementsPart, { ...dataPart, headers: [dataPart.headers[0], 'Content-Transfer-Encoding: base64', dataPart.headers[2]] }]), 'multipart/mixed; boundary=b0und', 'part 2 must have Content-Transfer-Encoding: binary'],
    ['no closing boundary', Buffer.from(`--b0und\r\nContent-Type: application/json\r\n\r\n{}`), 'multipart/mixed; boundary=b0und', 'the multipart/mixed body does not end with its closing boundary'],
  ])('refuses %s', (_, raw, contentType, problem) => {
    expect(readStatementsMultipart(raw, contentType, sha2Of)).toEqual({ ok: false, errors: [problem] });
  });
});

describe("the parts and the statements' attachments", () => {
  const part = { sha2: SHA2, contentType: 'application/pdf', content: DATA };

  it('match by sha2', () => expect(checkAttachmentParts([STATEMENT as Statement], [part])).toEqual({ ok: true, value: [part] }));

  it('need no part for an attachment with a fileUrl', () => {
    const linked = { ...STATEMENT, attachments: [{ ...STATEMENT.attachments[0], fileUrl: 'https://lms.palembang.go.id/c.pdf' }] } as Statement;
    expect(checkAttachmentParts([linked], []).ok).toBe(true);
  });

  it('refuse an attachment without its part, and a part of no attachment', () => {
    expect(checkAttachmentParts([STATEMENT as Statement], [])).toEqual({ ok: false, errors: [`the attachment ${SHA2} has no fileUrl and no part with its data`] });
    expect(checkAttachmentParts([{ ...STATEMENT, attachments: [] } as Statement], [part])).toEqual({ ok: false, errors: [`the part ${SHA2} is the data of no attachment of the statements`] });
  });
});

describe('a multipart/mixed answer', () => {
  it('reads back as what it holds', () => {
    const answer = multipartAnswer({ statements: [STATEMENT], more: '' }, [{ sha2: SHA2, contentType: 'application/pdf', content: DATA }], 'xyz');
    expect(readStatementsMultipart(answer, 'multipart/mixed; boundary=xyz', sha2Of)).toEqual({
      ok: true, value: { statements: { statements: [STATEMENT], more: '' }, parts: [{ sha2: SHA2, contentType: 'application/pdf', content: DATA }] },
    });
  });
});
