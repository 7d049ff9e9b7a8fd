import { Activity, ActivityDefinition, Attachment, Context, InteractionComponent, LanguageMap, Statement, StatementObject, SubStatement, Verb, isActivity } from './statement';

/** A language range of Accept-Language with its weight, best first. */
type LanguageRange = Readonly<{ range: string; quality: number }>;

/**
 * The ranges of an Accept-Language header (RFC 9110 12.5.4), best first; ranges with q=0 are left out, a
 * malformed range or weight is skipped rather than refused (the header only expresses a preference).
 */
export function acceptedLanguages(header: string | undefined): readonly string[] {
  if (!header) return [];
  const ranges: LanguageRange[] = [];
  for (const part of header.split(',').slice(0, 50)) {
    const [range = '', ...parameters] = part.trim().split(';');
    const weight = parameters.map((parameter) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
    const quality = weight === undefined ? 1 : Number(weight);
    if (/^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i.test(range) && quality > 0) ranges.push({ range: range.toLowerCase(), quality });
  }
  // Array.prototype.sort is stable: equal weights keep the caller's order.
  return ranges.sort((a, b) => b.quality - a.quality).map(({ range }) => range);
}

/**
 * The one entry of a language map the reader prefers: for each range, best first, the tag itself, then the
 * range truncated subtag by subtag (RFC 4647 3.4 lookup: en-US falls back to en), then a tag the range is a
 * prefix of (en finds en-GB); * or no match takes the map's first entry, so that one language always remains.
 */
export function bestLanguageOf(map: LanguageMap, languages: readonly string[]): LanguageMap {
  const tags = Object.keys(map);
  if (tags.length <= 1) return map;
  const lower = tags.map((tag) => tag.toLowerCase());
  const pick = (index: number) => ({ [tags[index]]: map[tags[index]] });
  for (const range of languages) {
    if (range === '*') return pick(0);
    for (let prefix = range; prefix; prefix = prefix.replace(/-?[^-]*$/, '')) {
      const exact = lower.indexOf(prefix);
      if (exact >= 0) return pick(exact);
    }
    const longer = lower.findIndex((tag) => tag.startsWith(`${range}-`));
    if (longer >= 0) return pick(longer);
  }
  return pick(0);
}

/**
 * GET statements with format=canonical: every language map (verb display, activity names and descriptions,
 * interaction components, attachment display and description) holds only the one language that best matches
 * Accept-Language; Agents and Groups are returned as in exact (xAPI-Communication 2.1.3, "format", and 2.1.3.s4
 * language filtering). The LRS keeps no other canonical definition than the one sent with the statement.
 */
export function inCanonicalFormat<T extends Statement>(statement: T, languages: readonly string[]): T {
  const filter = (map: LanguageMap | undefined) => (map === undefined ? undefined : bestLanguageOf(map, languages));
  const component = (item: InteractionComponent): InteractionComponent => withMaps(item, { description: filter(item.description) });
  const definition = (value: ActivityDefinition): ActivityDefinition => {
    const lists = (['choices', 'scale', 'source', 'target', 'steps'] as const).filter((key) => value[key] !== undefined);
    return withMaps(value, { name: filter(value.name), description: filter(value.description), ...Object.fromEntries(lists.map((key) => [key, value[key]?.map(component)])) });
  };
  const activity = (value: Activity): Activity => (value.definition ? { ...value, definition: definition(value.definition) } : value);
  const verb = (value: Verb): Verb => withMaps(value, { display: filter(value.display) });
  const attachment = (value: Attachment): Attachment => withMaps(value, { display: filter(value.display), description: filter(value.description) });
  const context = (value: Context): Context => {
    if (!value.contextActivities) return value;
    const entries = Object.entries(value.contextActivities).map(([kind, list]) => [kind, Array.isArray(list) ? list.map(activity) : activity(list as Activity)]);
    return { ...value, contextActivities: Object.fromEntries(entries) };
  };
  const body = <S extends Statement | SubStatement>(value: S): S => ({
    ...value,
    verb: verb(value.verb),
    object: object(value.object),
    ...(value.context && { context: context(value.context) }),
    ...(value.attachments && { attachments: value.attachments.map(attachment) }),
  });
  const object = (value: StatementObject): StatementObject => {
    if (isActivity(value)) return activity(value);
    return value.objectType === 'SubStatement' ? body(value) : value;
  };
  return body(statement);
}

/** The value with the given language maps replaced, leaving out those it did not have. */
function withMaps<T extends object>(value: T, replacements: Readonly<Record<string, unknown>>): T {
  const present = Object.entries(replacements).filter(([, replacement]) => replacement !== undefined);
  return { ...value, ...Object.fromEntries(present) };
}
