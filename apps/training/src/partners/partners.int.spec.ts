import { PostgresEventStore } from '@palembang/events';
import { BKPSDM_AGENCY } from '@palembang/training-domain';
import { jakartaDateOf } from '@palembang/working-days';
import { InternshipsService } from '../internships/internships.service';
import { ResearchService } from '../research/research.service';
import { contextOf, trainingInstances } from '../testing/training-instances';
import { PartnersService } from './partners.service';

/** The lists that show each record from its stream read all the streams at once, not one per row. */
describe('partner, internship and research lists (real PostgreSQL)', () => {
  const instances = trainingInstances();
  const today = jakartaDateOf(new Date().toISOString());
  const nextYear = `${Number(today.slice(0, 4)) + 1}-12-31`;
  const everyone = () => true;

  beforeAll(() => instances.start(1), 60_000);
  afterAll(() => instances.close());

  it('shows every partner, internship and project as its own stream has it, after one read of all their streams', async () => {
    const [app] = instances.apps;
    const partners = app.get(PartnersService);
    const registered = await partners.register({ name: 'Universitas Sriwijaya', kind: 'university' }, contextOf(BKPSDM_AGENCY));
    const { partnerId } = registered.partner;
    const signed = await partners.sign(partnerId, { scope: ['internship', 'research'], validFrom: today, validUntil: nextYear }, contextOf(BKPSDM_AGENCY));
    const [agreementId] = Object.keys(signed.partner.agreements);
    await partners.register({ name: 'Politeknik Negeri Sriwijaya', kind: 'polytechnic' }, contextOf(BKPSDM_AGENCY));
    const placement = { partnerId, agreementId, studentId: '09011282126001', studentName: 'Rizky', supervisorNip: '198503122010011001', startsOn: today, endsOn: nextYear };
    const placed = await app.get(InternshipsService).place(placement, 'dpmptsp', contextOf('dpmptsp'));
    const research = app.get(ResearchService);
    const proposed = await research.propose({ partnerId, agreementId, title: 'Kepuasan', kind: 'satisfaction-study' }, 'dpmptsp', contextOf('dpmptsp'));
    const reported = await research.recordFindings(proposed.project.projectId, 'Baik', contextOf('dpmptsp'), everyone);

    const store = app.get(PostgresEventStore);
    const oneByOne = jest.spyOn(store, 'readStream');
    const together = jest.spyOn(store, 'readStreams');
    const listed = await partners.list();
    const hosted = await app.get(InternshipsService).hostedBy('dpmptsp', 100);
    const studying = await research.studying('dpmptsp', 100);
    expect(oneByOne).not.toHaveBeenCalled();
    expect(together).toHaveBeenCalledTimes(3);

    expect(listed.map(({ partner }) => partner.name)).toEqual(['Politeknik Negeri Sriwijaya', 'Universitas Sriwijaya']);
    expect(listed[1]).toEqual(signed);
    expect(hosted).toEqual([placed]);
    expect(studying).toEqual([reported]);
    oneByOne.mockRestore();
    together.mockRestore();
  }, 60_000);
});
