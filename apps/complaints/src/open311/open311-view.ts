import { subjectOfReporter } from '@palembang/complaints-domain';
import { PersonalDataVault } from '@palembang/events';
import { EventContract } from '@palembang/events/core';
import { EntityManager } from 'typeorm';

/** What an Open311 POST carried beyond the complaint: kept beside it and answered with it. */
export type Open311Links = Readonly<{ mediaUrl: string | null; addressId: string | null }>;

export const NO_LINKS: Open311Links = { mediaUrl: null, addressId: null };

/**
 * Sealed under the reporter's key, as the complaint's title and address are: a
 * photo link or an address id can point to the reporter, and forgetting the
 * reporter erases them with the rest.
 */
const LINKS_PERSONAL_DATA: EventContract = {
  type: 'Open311RequestLinks',
  schemaVersion: 1,
  personalData: { subjectId: (data) => subjectOfReporter((data as { reporterId: string }).reporterId), fields: ['mediaUrl', 'addressId'] },
};

export type FiledLinks = Open311Links & Readonly<{ complaintId: string; reporterId: string; agencyId: string }>;

export async function saveOpen311Links(manager: EntityManager, vault: PersonalDataVault, filed: FiledLinks): Promise<void> {
  if (filed.mediaUrl === null && filed.addressId === null) return;
  const sealed = await vault.seal(manager, LINKS_PERSONAL_DATA, { reporterId: filed.reporterId, mediaUrl: filed.mediaUrl, addressId: filed.addressId }, filed.agencyId);
  await manager.query(`INSERT INTO open311_request_links (complaint_id, media_url, address_id) VALUES ($1, $2, $3) ON CONFLICT (complaint_id) DO NOTHING`, [
    filed.complaintId,
    JSON.stringify(sealed.mediaUrl),
    JSON.stringify(sealed.addressId),
  ]);
}

/** The links of the complaints that have any (one key lookup for all), null where the reporter was forgotten. */
export async function open311LinksOf(manager: EntityManager, vault: PersonalDataVault, complaintIds: readonly string[]): Promise<Map<string, Open311Links>> {
  if (complaintIds.length === 0) return new Map();
  const rows: Array<{ complaint_id: string; media_url: unknown; address_id: unknown }> = await manager.query(
    `SELECT complaint_id, media_url, address_id FROM open311_request_links WHERE complaint_id = ANY($1::uuid[])`,
    [complaintIds],
  );
  const plain = (await vault.unseal(manager, rows.map(({ media_url, address_id }) => ({ mediaUrl: media_url, addressId: address_id })) as never)) as Array<Record<'mediaUrl' | 'addressId', unknown>>;
  return new Map(rows.map((row, index) => [row.complaint_id, { mediaUrl: textOrNull(plain[index].mediaUrl), addressId: textOrNull(plain[index].addressId) }]));
}

/** An erased value reads as the ERASED marker, an object. */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
