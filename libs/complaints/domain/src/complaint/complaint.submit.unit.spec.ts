import { complaintCommand, SAMPLE_REPORTER, sampleSubmission, sampleSubmitted } from './complaint.fixtures';
import { SubmitComplaint } from './complaint.commands';
import { decider, FRI_14_AUG, KTP, ktpSubmitted, spec, VERIFICATION_DEADLINE } from './complaint.test-kit';

const submit = (overrides: Partial<SubmitComplaint['data']> = {}) => complaintCommand('SubmitComplaint', sampleSubmission(KTP, overrides), FRI_14_AUG, 'dinas-kominfo', 'portal');
const reporter = (overrides: Partial<SubmitComplaint['data']['reporter']>) => ({ reporter: { ...SAMPLE_REPORTER, ...overrides } });

/** The rejection a submission with these overrides gets: its code and field. */
function refusal(overrides: Partial<SubmitComplaint['data']>) {
  const decision = decider.decide(submit(overrides), decider.initialState());
  if (!('rejected' in decision)) throw new Error(`expected a rejection, got ${JSON.stringify(decision)}`);
  return { code: decision.code, field: decision.field };
}

describe('a complaint that does not exist yet', () => {
  it('is received by the complaints desk, which has 3 working days to verify it: Friday 14 August is due Thursday 20 (weekend and Independence Day skipped)', () => {
    spec.given([]).when(submit()).then([ktpSubmitted]);
    expect(ktpSubmitted.data).toMatchObject({ agencyId: 'dinas-kominfo', verificationDeadline: VERIFICATION_DEADLINE });
  });

  it('may be anonymous, from any channel, located by address or by coordinates only', () => {
    spec.given([]).when(submit({ anonymous: true, channel: 'sms', location: null })).then([sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, { anonymous: true, channel: 'sms', location: null })]);
    spec.given([]).when(submit({ channel: 'open311', address: null })).then([sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, { channel: 'open311', address: null })]);
  });

  it('may come without NIK, phone or e-mail', () => {
    const noContact = reporter({ nik: null, phone: null, email: null });
    spec.given([]).when(submit(noContact)).then([sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, noContact)]);
  });

  it('is refused for a category the city does not have', () => {
    expect(refusal({ categoryCode: 'BANJIR-ROB' })).toEqual({ code: 'COMPLAINT.UNKNOWN_CATEGORY', field: 'categoryCode' });
  });

  it('is refused with an invalid NIK, phone or e-mail, naming the field', () => {
    expect(refusal(reporter({ nik: '16710712038' }))).toEqual({ code: 'COMPLAINT.INVALID_NIK', field: 'reporter.nik' });
    expect(refusal(reporter({ phone: '12345' }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.phone' });
    expect(refusal(reporter({ email: 'rahmat@' }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.email' });
  });

  it('is refused when the reporter is identified by the NIK or has no name', () => {
    expect(refusal(reporter({ reporterId: SAMPLE_REPORTER.nik as string }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.reporterId' });
    expect(refusal(reporter({ reporterId: '1671011708900001', nik: null }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.reporterId' });
    expect(refusal(reporter({ reporterId: ' ' }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.reporterId' });
    expect(refusal(reporter({ name: '' }))).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'reporter.name' });
  });

  it('needs a title of at most 150 characters and a description of at most 4000', () => {
    expect(refusal({ title: '  ' }).field).toBe('title');
    expect(refusal({ title: 'x'.repeat(151) }).field).toBe('title');
    expect(refusal({ description: '' }).field).toBe('description');
    expect(refusal({ description: 'x'.repeat(4001) }).field).toBe('description');
    spec.given([]).when(submit({ title: 'x'.repeat(150), description: 'y'.repeat(4000) })).then([sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, { title: 'x'.repeat(150), description: 'y'.repeat(4000) })]);
  });

  it('needs coordinates on Earth', () => {
    expect(refusal({ location: { latitude: -91, longitude: 104.7 } })).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'location.latitude' });
    expect(refusal({ location: { latitude: Number.NaN, longitude: 104.7 } }).field).toBe('location.latitude');
    expect(refusal({ location: { latitude: -2.97, longitude: 180.5 } })).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'location.longitude' });
  });

  it('needs a location or an address', () => {
    expect(refusal({ location: null, address: null })).toEqual({ code: 'COMPLAINT.INVALID_INPUT', field: 'location' });
    expect(refusal({ location: null, address: '   ' }).field).toBe('location');
  });

  it('needs a known intake type and channel and a usable tracking code', () => {
    expect(refusal({ intakeType: 'gossip' as never }).field).toBe('intakeType');
    expect(refusal({ channel: 'fax' as never }).field).toBe('channel');
    expect(refusal({ trackingCode: 'x' }).field).toBe('trackingCode');
  });

  it('cannot be verified, accepted, resolved or checked', () => {
    const id = { complaintId: KTP.complaintId };
    spec.given([]).when(complaintCommand('VerifyComplaint', id, FRI_14_AUG)).thenRejects('COMPLAINT.NOT_FOUND');
    spec.given([]).when(complaintCommand('AcceptComplaint', id, FRI_14_AUG, 'disdukcapil')).thenRejects('COMPLAINT.NOT_FOUND');
    spec.given([]).when(complaintCommand('ResolveComplaint', { ...id, response: 'selesai' }, FRI_14_AUG, 'disdukcapil')).thenRejects('COMPLAINT.NOT_FOUND');
    spec.given([]).when(complaintCommand('CheckDeadlines', id, FRI_14_AUG, 'system')).thenRejects('COMPLAINT.NOT_FOUND');
  });
});

describe('a complaint already received', () => {
  it('cannot be submitted twice', () => {
    spec.given([ktpSubmitted]).when(submit()).thenRejects('COMPLAINT.ALREADY_SUBMITTED');
  });
});
