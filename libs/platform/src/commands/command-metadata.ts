import { CommandMetadata } from '@palembang/events';
import { CommandContext } from './command-runner';

/**
 * The metadata a command carries, made from the context it is sent in: the deciders read the
 * time and the agency where the runner writes the envelopes' agency and time from, so the two never disagree.
 */
export function commandMetadataOf(context: CommandContext): CommandMetadata {
  const { now, agencyId, actor, correlationId, causationId, allAgencies } = context;
  return { now, agencyId, actor, correlationId, ...(causationId ? { causationId } : {}), ...(allAgencies ? { allAgencies } : {}) };
}
