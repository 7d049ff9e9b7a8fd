/**
 * What a public Open311 read may show of a complaint's place (issue 12, point 8).
 * Reads are public, and an exact position or a free-text address can point to the
 * reporter's home; an agency's notes can quote the reporter. So positions are
 * snapped to a grid of 0.001 degree (about 111 m north-south, at most that
 * east-west), and an anonymous report shows neither its address nor the notes.
 * What an Open311 client posted as media_url and address_id is shown as the
 * address is: a photo link or an address id can point to the reporter too.
 */
export const PUBLIC_POSITION_DECIMALS = 3;

export type ReportedPlace = Readonly<{
  anonymous: boolean;
  address: string | null;
  location: Readonly<{ latitude: number; longitude: number }> | null;
  statusNotes: string | null;
  mediaUrl: string | null;
  addressId: string | null;
}>;

export type PublicPlace = Readonly<{
  address: string | null;
  address_id: string | null;
  lat: number | null;
  long: number | null;
  status_notes: string | null;
  media_url: string | null;
}>;

export function publicPlaceOf(report: ReportedPlace): PublicPlace {
  return {
    address: report.anonymous ? null : report.address,
    address_id: report.anonymous ? null : report.addressId,
    lat: report.location ? coarseDegrees(report.location.latitude) : null,
    long: report.location ? coarseDegrees(report.location.longitude) : null,
    status_notes: report.anonymous ? null : report.statusNotes,
    media_url: report.anonymous ? null : report.mediaUrl,
  };
}

/** The degrees rounded half away from zero to PUBLIC_POSITION_DECIMALS places (no -0). */
export function coarseDegrees(degrees: number): number {
  const scale = 10 ** PUBLIC_POSITION_DECIMALS;
  const rounded = (Math.sign(degrees) * Math.round(Math.abs(degrees) * scale)) / scale;
  return rounded === 0 ? 0 : rounded;
}
