import { isIri, isIrl } from '../formats';
import { IRI_PATTERN, IRL_PATTERN } from './document-parameter-schemas';

const SAMPLES = [
  'https://lms.palembang.go.id/xapi/activities/etika-asn', 'urn:uuid:0f8b3c6e-1d2a-4c5b-9e7f-123456789abc', 'http://x', 'tag:palembang.go.id,2026:jp',
  'not an iri', 'etika-asn', '', 'https://lms.palembang.go.id/a b', 'https://x/<y>', '1http://x', 'http:', 'http:///path', 'mailto:siti@example.com',
];

describe('the OpenAPI patterns of the document parameters', () => {
  it.each(SAMPLES)('given %j, then the IRI and IRL patterns judge it as isIri and isIrl do', (sample) => {
    expect([new RegExp(IRI_PATTERN).test(sample), new RegExp(IRL_PATTERN).test(sample)]).toEqual([isIri(sample), isIrl(sample)]);
  });
});
