import { base64url, compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { AttachmentPart } from './multipart';
import { Parsed, parsed, rejected } from './result';
import { Statement } from './statement';
import { statementsEquivalent } from './statement-comparison';

export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';
/** The algorithms xAPI allows for a statement's signature (xAPI-Data 2.6, "Signed Statements"). */
export const SIGNATURE_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/**
 * Every signed statement of a request checked as xAPI-Data 2.6 requires of the LRS: the signature attachment's data
 * (application/octet-stream) is a JWS in compact serialization signed with RS256, RS384 or RS512; its payload is the
 * statement as it was before the signature was added, equivalent to the statement received less its signature
 * attachment (differences the LRS may cause in id, authority, stored, timestamp and version ignored, as in
 * statementsEquivalent); with an X.509 certificate in the JWS header (x5c), the signature verifies against it.
 * Any problem is a 400: a signature that does not hold is malformed.
 */
export async function checkSignedStatements(statements: readonly Statement[], parts: readonly AttachmentPart[]): Promise<Parsed<void>> {
  const problems: string[] = [];
  for (const [index, statement] of statements.entries()) {
    const signatures = (statement.attachments ?? []).filter((attachment) => attachment.usageType === SIGNATURE_USAGE_TYPE);
    if (signatures.length === 0) continue;
    const label = statements.length > 1 ? `[${index}]` : 'statement';
    if (signatures.length > 1) {
      problems.push(`${label} has more than one signature attachment`);
      continue;
    }
    const [signature] = signatures;
    if (signature.contentType.split(';')[0].trim().toLowerCase() !== 'application/octet-stream') problems.push(`${label}: the signature attachment's contentType must be application/octet-stream`);
    const data = parts.find((part) => part.sha2 === signature.sha2.toLowerCase());
    if (!data) {
      problems.push(`${label}: the signature attachment has no data part`);
      continue;
    }
    const problem = await signatureProblem(statement, new TextDecoder().decode(data.content).trim());
    if (problem) problems.push(`${label}: ${problem}`);
  }
  return problems.length ? rejected(problems) : parsed(undefined);
}

async function signatureProblem(statement: Statement, jws: string): Promise<string | null> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: unknown;
  try {
    header = decodeProtectedHeader(jws);
    const [, encodedPayload = ''] = jws.split('.');
    payload = JSON.parse(new TextDecoder().decode(base64url.decode(encodedPayload)));
  } catch {
    return 'the signature is not a JWS in compact serialization with a JSON payload';
  }
  if (!(SIGNATURE_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) return `the signature's algorithm must be one of ${SIGNATURE_ALGORITHMS.join(', ')}`;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !statementsEquivalent(payload as Statement, unsigned(statement))) {
    return 'the signed payload is not the statement received (less its signature attachment)';
  }
  const certificate = header.x5c?.[0];
  if (certificate === undefined) return null;
  try {
    const key = await importX509(`-----BEGIN CERTIFICATE-----\n${certificate.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----`, header.alg as string);
    await compactVerify(jws, key, { algorithms: [...SIGNATURE_ALGORITHMS] });
    return null;
  } catch {
    return 'the signature does not verify against the certificate in its header (x5c)';
  }
}

/** The statement as it was signed: without its signature attachment (and without attachments, when that was the only one). */
function unsigned(statement: Statement): Statement {
  const attachments = (statement.attachments ?? []).filter((attachment) => attachment.usageType !== SIGNATURE_USAGE_TYPE);
  const rest = Object.fromEntries(Object.entries(statement).filter(([key]) => key !== 'attachments')) as Statement;
  return attachments.length ? { ...rest, attachments } : rest;
}

