/**
 * The constraints the Document, Agents and Activities resources enforce on their query parameters, as
 * JSON Schema for their OpenAPI documents (so a request built from the document is not refused for a
 * rule the document does not state). Checked against the validators by document-parameter-schemas.unit.spec.ts.
 */
const FORBIDDEN_IN_IRI = String.raw`\s<>"{}|\\^\x60\u0000-\u001f\u007f`;
const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';

/** An IRI as isIri reads it: a scheme, a colon, then no space or character an IRI forbids. */
export const IRI_PATTERN = `^${SCHEME}:[^${FORBIDDEN_IN_IRI}]+$`;
/** An IRL as isIrl reads it: a scheme, `://` and an authority. */
export const IRL_PATTERN = `^${SCHEME}://[^${FORBIDDEN_IN_IRI}/?#]+(?:[/?#][^${FORBIDDEN_IN_IRI}]*)?$`;
const MAILTO_PATTERN = String.raw`^mailto:[^\s@:/?#]+@[^\s@/?#]+$`;

/** The `agent` parameter: the JSON of an Agent or Identified Group, exactly one inverse functional identifier. */
export const AGENT_PARAMETER_SCHEMA = {
  type: 'object',
  description: 'An Agent or Identified Group with exactly one of mbox, mbox_sha1sum, openid, account',
  properties: {
    objectType: { type: 'string', enum: ['Agent', 'Group'] },
    name: { type: 'string' },
    mbox: { type: 'string', pattern: MAILTO_PATTERN },
    mbox_sha1sum: { type: 'string', pattern: '^[0-9a-fA-F]{40}$' },
    openid: { type: 'string', pattern: IRI_PATTERN },
    account: {
      type: 'object',
      properties: { homePage: { type: 'string', pattern: IRL_PATTERN }, name: { type: 'string' } },
      required: ['homePage', 'name'],
      additionalProperties: false,
    },
    member: { type: 'array', description: 'A Group\'s members, each an Agent', items: { type: 'object' } },
  },
  additionalProperties: false,
  oneOf: [{ required: ['mbox'] }, { required: ['mbox_sha1sum'] }, { required: ['openid'] }, { required: ['account'] }],
} as const;
