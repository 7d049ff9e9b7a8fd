import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { platformMetrics } from '@palembang/platform';
import { Gauge, Histogram } from 'prom-client';
import { MetricsReader } from './metrics-reader';

type AgencyGauges = Readonly<{
  permitShare: Gauge<'agency'>;
  permitBacklog: Gauge<'agency'>;
  complaintShare: Gauge<'agency'>;
  ikm: Gauge<'agency'>;
  jpPerCivilServant: Gauge<'agency'>;
  share20Jp: Gauge<'agency'>;
}>;

/** The figures a scrape reports come from here; the latest module instance in the process provides them. */
let source: (() => Promise<void>) | undefined;
let gauges: AgencyGauges | undefined;
let delay: Histogram<'topic'> | undefined;

/** Seconds from an event's recording upstream to its projection here, by topic (the projection's freshness). */
export function observeProjectionDelay(topic: string, recordedAt: string): void {
  const seconds = (Date.now() - Date.parse(recordedAt)) / 1000;
  if (delay && Number.isFinite(seconds) && seconds >= 0) delay.observe({ topic }, seconds);
}

function registerOnce(): AgencyGauges {
  if (gauges) return gauges;
  const registers = [platformMetrics().registry];
  const collect = async () => {
    await source?.();
  };
  // prom-client reads the metrics of a scrape concurrently: each gauge awaits the same refresh.
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['agency'], registers, collect });
  gauges = {
    permitShare: gauge('accountability_permit_share_within_standard', 'Share of the current month\'s permit decisions within the service standard, per agency (0..1)'),
    permitBacklog: gauge('accountability_permit_backlog', 'Permit applications open now, per agency'),
    complaintShare: gauge('accountability_complaint_share_resolved_within_deadline', 'Share of the current month\'s complaint resolutions within their deadline, per agency (0..1)'),
    ikm: gauge('accountability_ikm', 'IKM (25..100) of the current month\'s surveys, per agency'),
    jpPerCivilServant: gauge('accountability_jp_per_civil_servant', 'JP credited this year per civil servant on the roster, per agency'),
    share20Jp: gauge('accountability_share_meeting_20_jp', 'Share of civil servants with at least 20 JP this year, per agency (0..1)'),
  };
  delay = new Histogram({
    name: 'accountability_projection_delay_seconds',
    help: 'Seconds from an event being recorded by its service to its projection into the metrics, by topic',
    labelNames: ['topic'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  return gauges;
}

/** Per-agency gauges of the current month (training: year), on the service's registry, refreshed on scrape (at most every 10 s). */
@Injectable()
export class AccountabilityGauges implements OnApplicationBootstrap, OnApplicationShutdown {
  private refreshed = 0;
  private refreshing?: Promise<void>;
  private readonly refresh = () => this.refreshAtMostEvery(10_000);

  constructor(@Inject(MetricsReader) private readonly reader: MetricsReader) {}

  onApplicationBootstrap(): void {
    registerOnce();
    source = this.refresh;
  }

  onApplicationShutdown(): void {
    if (source === this.refresh) source = undefined;
  }

  private async refreshAtMostEvery(ms: number): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (Date.now() - this.refreshed < ms) return;
    this.refreshing = this.update().finally(() => (this.refreshing = undefined));
    await this.refreshing;
  }

  private async update(): Promise<void> {
    const all = registerOnce();
    const period = this.reader.currentPeriod('month');
    // A scrape while the database is down keeps the last values.
    const items = await this.reader.agencyFigures(period, this.reader.asOf(), () => true).catch(() => undefined);
    if (!items) return;
    for (const gauge of Object.values(all)) gauge.reset();
    for (const figures of items) {
      const agency = figures.agencyId;
      const set = (gauge: Gauge<'agency'>, value: number | null) => value !== null && gauge.set({ agency }, value);
      set(all.permitShare, figures.permits.shareWithinStandard);
      set(all.permitBacklog, figures.permits.backlog);
      set(all.complaintShare, figures.complaints.shareResolvedWithinDeadline);
      set(all.ikm, figures.satisfaction.ikm);
      set(all.jpPerCivilServant, figures.training.jpPerCivilServant);
      set(all.share20Jp, figures.training.shareMeeting20Jp);
    }
    this.refreshed = Date.now();
  }
}
