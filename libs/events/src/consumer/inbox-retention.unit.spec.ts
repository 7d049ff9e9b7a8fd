import { platformTopics } from '../topics';
import { beyondInboxRetention, DEFAULT_INBOX_RETENTION, TOPIC_RETENTION_MS } from './inbox-retention';

describe('inbox retention', () => {
  it('keeps inbox rows a margin longer than the longest topic retention', () => {
    const longest = Math.max(...platformTopics().map((spec) => spec.retentionMs ?? Infinity));
    expect(TOPIC_RETENTION_MS).toBe(longest);
    // Kafka may keep a message up to a segment's age (7 days) past retention.ms; the guard's horizon must lie beyond it.
    expect(DEFAULT_INBOX_RETENTION.keepMs - DEFAULT_INBOX_RETENTION.clockSkewMs).toBeGreaterThan(TOPIC_RETENTION_MS + 7 * 24 * 60 * 60 * 1000);
  });

  it('refuses an event recorded before the retention less the clock skew, and one whose time cannot be read', () => {
    const retention = { keepMs: 10_000, clockSkewMs: 1_000 };
    const now = Date.parse('2026-12-05T12:00:10.000Z');
    expect(beyondInboxRetention('2026-12-05T12:00:01.000Z', now, retention)).toBe(false);
    expect(beyondInboxRetention('2026-12-05T12:00:00.999Z', now, retention)).toBe(true);
    expect(beyondInboxRetention('not a time', now, retention)).toBe(true);
    expect(beyondInboxRetention(undefined, now, retention)).toBe(true);
  });
});
