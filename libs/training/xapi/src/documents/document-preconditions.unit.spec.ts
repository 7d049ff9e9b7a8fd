import { preconditionOutcome, Preconditions } from './document-preconditions';

const CURRENT = '"3b1c9d9f0b1e6b0e1e2f3a4b5c6d7e8f90a1b2c3"';
const put = (overrides: Partial<Preconditions>): Preconditions => ({ method: 'PUT', current: CURRENT, ifMatch: undefined, ifNoneMatch: undefined, headerRequiredToOverwrite: true, ...overrides });

describe('the concurrency of the Document resources', () => {
  describe('given a stored document', () => {
    it('when If-Match names its ETag (or *, or a list holding it, or its weak form), then the write proceeds', () => {
      for (const ifMatch of [CURRENT, '*', `"other", ${CURRENT}`, `W/${CURRENT}`, CURRENT.toUpperCase()]) expect(preconditionOutcome(put({ ifMatch }))).toBe('proceed');
    });

    it('when If-Match names another ETag, then the precondition fails (412)', () => {
      expect(preconditionOutcome(put({ ifMatch: '"other"' }))).toBe('precondition-failed');
      expect(preconditionOutcome(put({ method: 'DELETE', ifMatch: '"other"' }))).toBe('precondition-failed');
      expect(preconditionOutcome(put({ method: 'POST', ifMatch: '"other"' }))).toBe('precondition-failed');
    });

    it('when If-None-Match is *, then the precondition fails (412): the client expected no document', () => {
      expect(preconditionOutcome(put({ ifNoneMatch: '*' }))).toBe('precondition-failed');
    });

    it('when a profile PUT carries neither header, then the header is required (409); a State PUT overwrites', () => {
      expect(preconditionOutcome(put({}))).toBe('header-required');
      expect(preconditionOutcome(put({ headerRequiredToOverwrite: false }))).toBe('proceed');
    });

    it('when a POST or DELETE carries neither header, then it proceeds', () => {
      expect(preconditionOutcome(put({ method: 'POST' }))).toBe('proceed');
      expect(preconditionOutcome(put({ method: 'DELETE' }))).toBe('proceed');
    });
  });

  describe('given no stored document', () => {
    it('when If-None-Match is * or no header is sent, then the write proceeds', () => {
      expect(preconditionOutcome(put({ current: null, ifNoneMatch: '*' }))).toBe('proceed');
      expect(preconditionOutcome(put({ current: null }))).toBe('proceed');
    });

    it('when If-Match is sent, even *, then the precondition fails (412)', () => {
      expect(preconditionOutcome(put({ current: null, ifMatch: '*' }))).toBe('precondition-failed');
      expect(preconditionOutcome(put({ current: null, ifMatch: CURRENT }))).toBe('precondition-failed');
    });
  });
});
