import { Parsed, parsed, rejected } from './result';
import { Statement } from './statement';

/** An attachment's raw data as sent in a multipart/mixed part: matched to the statements' attachments by sha2. */
export type AttachmentPart = Readonly<{ sha2: string; contentType: string; content: Buffer }>;
export type StatementsMultipart = Readonly<{ statements: unknown; parts: readonly AttachmentPart[] }>;

export const MULTIPART_MIXED = 'multipart/mixed';
export const HASH_HEADER = 'x-experience-api-hash';
/** Statements with their attachments' raw data come as one multipart/mixed body, read whole at the gateway and the service up to this size. */
export const MULTIPART_BODY_LIMIT = '8mb';
/** The hex SHA-2 digest of the bytes with as many hex digits as given (56, 64, 96 or 128), '' for another length; the caller's crypto. */
export type Sha2 = (content: Buffer, hexLength: number) => string;

export function isMultipartMixed(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === MULTIPART_MIXED;
}

/**
 * A multipart/mixed request to the Statement resource (xAPI-Data 2.4.11, xAPI-Communication 1.5.2): the first part is
 * the statements as application/json; each further part is an attachment's raw data with an X-Experience-API-Hash
 * (its sha2, checked against the bytes) and Content-Transfer-Encoding: binary.
 */
export function readStatementsMultipart(body: Buffer, contentType: string, sha2Of: Sha2): Parsed<StatementsMultipart> {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return rejected(['a multipart/mixed request must name its boundary']);
  const split = partsOf(body, boundary[1] ?? boundary[2]);
  if (!split.ok) return split;
  const [first, ...attachments] = split.value;
  if (!first || !/^application\/json\s*(;|$)/i.test(first.headers['content-type'] ?? '')) return rejected(['the first part of a multipart/mixed request must be the statements as application/json']);
  let statements: unknown;
  try {
    statements = JSON.parse(first.content.toString('utf8'));
  } catch {
    return rejected(['the first part of the multipart/mixed request is not JSON']);
  }
  const problems: string[] = [];
  const parts = attachments.map(({ headers, content }, index) => {
    const sha2 = (headers[HASH_HEADER] ?? '').toLowerCase();
    if (!sha2) problems.push(`part ${index + 2} has no X-Experience-API-Hash header`);
    else if (sha2 !== sha2Of(content, sha2.length)) problems.push(`part ${index + 2}: X-Experience-API-Hash does not match its content`);
    if ((headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary') problems.push(`part ${index + 2} must have Content-Transfer-Encoding: binary`);
    return { sha2, contentType: headers['content-type'] ?? 'application/octet-stream', content };
  });
  return problems.length ? rejected(problems) : parsed({ statements, parts });
}

/**
 * Every attachment without a fileUrl has its raw data among the parts, and every part is the data of one of the
 * statements' attachments (matched by sha2); missing or unclaimed data is a 400.
 */
export function checkAttachmentParts(statements: readonly Statement[], parts: readonly AttachmentPart[]): Parsed<readonly AttachmentPart[]> {
  const attachments = statements.flatMap((statement) => [...(statement.attachments ?? []), ...(statement.object.objectType === 'SubStatement' ? (statement.object.attachments ?? []) : [])]);
  const sent = new Set(parts.map((part) => part.sha2));
  const claimed = new Set(attachments.map((attachment) => attachment.sha2.toLowerCase()));
  const missing = attachments.filter((attachment) => attachment.fileUrl === undefined && !sent.has(attachment.sha2.toLowerCase())).map((attachment) => attachment.sha2);
  const unclaimed = parts.filter((part) => !claimed.has(part.sha2)).map((part) => part.sha2);
  const problems = [
    ...missing.map((sha2) => `the attachment ${sha2} has no fileUrl and no part with its data`),
    ...unclaimed.map((sha2) => `the part ${sha2} is the data of no attachment of the statements`),
  ];
  return problems.length ? rejected(problems) : parsed(parts);
}

/** A multipart/mixed answer: the JSON first, then each attachment's data once (xAPI-Communication 2.1.3, attachments=true). */
export function multipartAnswer(json: unknown, parts: readonly AttachmentPart[], boundary: string): Buffer {
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`)];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${part.sha2}\r\n\r\n`), part.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

type RawPart = Readonly<{ headers: Readonly<Record<string, string>>; content: Buffer }>;

function partsOf(body: Buffer, boundary: string): Parsed<readonly RawPart[]> {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) return rejected(['the multipart/mixed body holds no part']);
  const parts: RawPart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parsed(parts);
    const start = body.indexOf('\r\n', at) + 2;
    const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), start);
    if (start < 2 || end < 0) return rejected(['the multipart/mixed body does not end with its closing boundary']);
    const part = body.subarray(start, end);
    const split = part.indexOf('\r\n\r\n');
    const headerText = split < 0 ? part.toString('latin1') : part.subarray(0, split).toString('latin1');
    const headers = Object.fromEntries(headerText.split('\r\n').filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    parts.push({ headers, content: split < 0 ? Buffer.alloc(0) : part.subarray(split + 4) });
    at = end + 2;
  }
}
