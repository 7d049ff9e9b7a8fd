/**
 * Personal data of citizens (UU 27/2022) is stored encrypted with a key per
 * person ("subject"). Once the key is erased, every read returns this marker
 * in place of the value, and everything else in the event stays intact.
 */
export type Erased = Readonly<{ erased: true }>;

export const ERASED: Erased = Object.freeze({ erased: true });

/** A personal field: its value, or the marker once its subject was forgotten. */
export type PersonalField<T> = T | Erased;

export function isErased(value: unknown): value is Erased {
  return typeof value === 'object' && value !== null && (value as Erased).erased === true && Object.keys(value).length === 1;
}
