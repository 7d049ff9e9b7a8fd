const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page ended in a list ordered by (time DESC, id DESC): opaque to clients. */
export type KeysetPosition = Readonly<{ at: string; id: string }>;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The position a cursor names, or null when it is not a cursor a list issued. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !Number.isFinite(Date.parse(at))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { at: new Date(at).toISOString(), id };
  } catch {
    return null;
  }
}
