import { Problems, allowOnly, languageMapAt, objectAt, textAt } from './check';

/** An IRI id and an optional display language map (2.4.3). */
export function checkVerb(value: unknown, path: string, problems: Problems): void {
  const verb = objectAt(value, path, problems);
  if (!verb) return;
  allowOnly(verb, ['id', 'display'], path, problems);
  textAt(verb, 'id', 'IRI', path, problems, true);
  languageMapAt(verb, 'display', path, problems);
}
