/**
 * A rule over several fields of a request class (one of two fields required, a field's pattern
 * depending on another's value), which @ApiProperty on single fields cannot say. The class's
 * OpenAPI schema gets it (libs/http merges it into the document by the class's schema name), so
 * that the document says what the service checks.
 */
const OBJECT_RULES = new Map<string, Readonly<Record<string, unknown>>>();

export function ApiObjectRule(rule: Readonly<Record<string, unknown>>): ClassDecorator {
  return (target) => {
    OBJECT_RULES.set(target.name, rule);
  };
}

/** The rules declared with ApiObjectRule, by schema (class) name. */
export function objectRules(): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  return OBJECT_RULES;
}
