import { prepareForStorage } from './prepare-for-storage';
import { Statement } from './statement';
import { LMS_COMPLETION, SPEC_MINIMAL, SPEC_SUB_STATEMENT, SPEC_VOIDING, edited } from './testing/spec-examples';

const now = new Date('2026-11-21T01:02:03.456Z');
const lms = { homePage: 'https://lrs.palembang.go.id', name: 'moodle-bkpsdm' };
const context = { now, authority: lms, newId: () => 'b7c1e2d3-0000-4000-8000-000000000001' };

describe('prepareForStorage', () => {
  it('fills id, timestamp, stored, authority and version of a Statement sent bare', () => {
    expect(prepareForStorage(SPEC_VOIDING as Statement, context)).toEqual({
      ...SPEC_VOIDING,
      id: 'b7c1e2d3-0000-4000-8000-000000000001',
      timestamp: '2026-11-21T01:02:03.456Z',
      stored: '2026-11-21T01:02:03.456Z',
      authority: { objectType: 'Agent', account: lms },
      version: '1.0.0',
    });
  });

  it('keeps the id (lowercased), the timestamp instant (in UTC) and the version sent', () => {
    const sent = edited(LMS_COMPLETION, (s) => ((s.id = s.id.toUpperCase()), (s.version = '1.0.3'))) as Statement;
    expect(prepareForStorage(sent, context)).toMatchObject({ id: LMS_COMPLETION.id, timestamp: '2026-11-20T08:45:00.000Z', version: '1.0.3', stored: now.toISOString() });
  });

  it('keeps a version 1.0 as sent', () => {
    expect(prepareForStorage({ ...SPEC_MINIMAL, version: '1.0' } as Statement, context).version).toBe('1.0');
  });

  it('overwrites the stored and authority sent', () => {
    const sent = { ...SPEC_MINIMAL, stored: '2000-01-01T00:00:00Z', authority: { mbox: 'mailto:someone@example.com' } } as Statement;
    expect(prepareForStorage(sent, context)).toMatchObject({ stored: now.toISOString(), authority: { objectType: 'Agent', account: lms } });
  });

  it('turns every contextActivities value into an array', () => {
    const sent = edited(SPEC_MINIMAL, (s) => (s.context = { contextActivities: { parent: { id: 'http://example.com/course' }, other: [{ id: 'http://example.com/x' }] } })) as Statement;
    expect(prepareForStorage(sent, context).context?.contextActivities).toEqual({ parent: [{ id: 'http://example.com/course' }], other: [{ id: 'http://example.com/x' }] });
  });

  it("turns every contextActivities value of a SubStatement's context into an array too", () => {
    const sent = edited(SPEC_SUB_STATEMENT, (s) => (s.object.context = { contextActivities: { grouping: { id: 'http://example.com/course' }, parent: [{ id: 'http://example.com/unit' }] } })) as Statement;
    const stored = prepareForStorage(sent, context);
    expect(stored.object).toEqual({ ...SPEC_SUB_STATEMENT.object, context: { contextActivities: { grouping: [{ id: 'http://example.com/course' }], parent: [{ id: 'http://example.com/unit' }] } } });
  });
});
