import { Json, Problems, allowOnly, arrayAt, at, extensionsAt, field, languageMapAt, objectAt, textAt } from './check';
import { INTERACTION_TYPES, InteractionType } from './statement';

const ACTIVITY_KEYS = ['objectType', 'id', 'definition'];
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;
const DEFINITION_KEYS = ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', ...COMPONENT_LISTS];

/** The interaction component lists each interactionType supports (2.4.4.1.s15). */
const LISTS_OF: Readonly<Record<InteractionType, readonly string[]>> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
  'true-false': [],
  'fill-in': [],
  'long-fill-in': [],
  numeric: [],
  other: [],
};

/** An Activity: objectType Activity when present, an IRI id, an optional definition (2.4.4.1). */
export function checkActivity(activity: Json, path: string, problems: Problems): void {
  allowOnly(activity, ACTIVITY_KEYS, path, problems);
  if (activity['objectType'] !== undefined && activity['objectType'] !== 'Activity') problems.push(`${at(path, 'objectType')} must be Activity`);
  textAt(activity, 'id', 'IRI', path, problems, true);
  const definition = field(activity, 'definition', path, problems);
  if (definition !== undefined) checkDefinition(definition, at(path, 'definition'), problems);
}

export function checkActivityValue(value: unknown, path: string, problems: Problems): void {
  const activity = objectAt(value, path, problems);
  if (activity) checkActivity(activity, path, problems);
}

function checkDefinition(value: unknown, path: string, problems: Problems): void {
  const definition = objectAt(value, path, problems);
  if (!definition) return;
  allowOnly(definition, DEFINITION_KEYS, path, problems);
  languageMapAt(definition, 'name', path, problems);
  languageMapAt(definition, 'description', path, problems);
  textAt(definition, 'type', 'IRI', path, problems);
  textAt(definition, 'moreInfo', 'IRL', path, problems);
  extensionsAt(definition, 'extensions', path, problems);
  checkInteraction(definition, path, problems);
}

/** Interaction Activities MUST have a valid interactionType (2.4.4.1.s13.b1); component ids are distinct (s16.b1). */
function checkInteraction(definition: Json, path: string, problems: Problems): void {
  const type = field(definition, 'interactionType', path, problems);
  const listsUsed = COMPONENT_LISTS.filter((list) => definition[list] !== undefined);
  const patterns = arrayAt(definition, 'correctResponsesPattern', path, problems);
  patterns?.forEach((pattern, index) => {
    if (typeof pattern !== 'string') problems.push(`${at(at(path, 'correctResponsesPattern'), index)} must be a string`);
  });
  if (type === undefined) {
    if (patterns || listsUsed.length) problems.push(`${at(path, 'interactionType')} is required for an interaction Activity`);
    return;
  }
  if (!(INTERACTION_TYPES as readonly unknown[]).includes(type)) {
    problems.push(`${at(path, 'interactionType')} must be one of ${INTERACTION_TYPES.join(', ')}`);
    return;
  }
  for (const list of listsUsed) {
    if (!LISTS_OF[type as InteractionType].includes(list)) problems.push(`${at(path, list)} is not allowed for interactionType ${String(type)}`);
    else checkComponents(definition, list, path, problems);
  }
}

function checkComponents(definition: Json, list: string, path: string, problems: Problems): void {
  const components = arrayAt(definition, list, path, problems) ?? [];
  const seen = new Set<string>();
  components.forEach((value, index) => {
    const componentPath = at(at(path, list), index);
    const component = objectAt(value, componentPath, problems);
    if (!component) return;
    allowOnly(component, ['id', 'description'], componentPath, problems);
    const id = textAt(component, 'id', 'string', componentPath, problems, true);
    languageMapAt(component, 'description', componentPath, problems);
    if (id !== undefined && seen.has(id)) problems.push(`${at(componentPath, 'id')} repeats "${id}": ids within ${list} must be distinct`);
    if (id !== undefined) seen.add(id);
  });
}
