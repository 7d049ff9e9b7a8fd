import { getMetadataStorage } from 'class-validator';

const LOCAL_DATE_SOURCE = '^\\d{4}-\\d{2}-\\d{2}$';

type Documented = Record<string, unknown> & { items?: Record<string, unknown>; enum?: unknown };
type Rule = { name: string; constraints?: unknown[]; each?: boolean };

/**
 * Where a request class's validators enforce more than its @ApiProperty says:
 * each entry names the class, the field and the constraint the document lacks.
 * The server's rules and the published document are written side by side on each
 * field; this is what keeps them the same (a client generated from the document
 * must not be refused by a rule it could not see). Empty when they agree.
 */
export function undocumentedConstraints(classes: readonly unknown[]): string[] {
  const findings: string[] = [];
  for (const target of classes) {
    if (typeof target !== 'function') continue;
    const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false) as unknown as Array<Rule & { propertyName: string }>;
    for (const rule of rules) {
      const documented = Reflect.getMetadata('swagger/apiModelProperties', target.prototype, rule.propertyName) as Documented | undefined;
      const missing = missingFrom(rule, documented ?? {});
      if (missing) findings.push(`${target.name}.${rule.propertyName}: ${missing}`);
    }
  }
  return findings;
}

function missingFrom(rule: Rule, documented: Documented): string | undefined {
  const schema = rule.each ? { ...documented, ...(documented.items ?? {}) } : documented;
  const [first, second] = rule.constraints ?? [];
  const expect = (key: string, value: unknown) => (sameValue(schema[key], value) ? undefined : `${rule.name} needs ${key}: ${JSON.stringify(value)} (documented: ${JSON.stringify(schema[key])})`);
  switch (rule.name) {
    case 'matches':
      // format: date says YYYY-MM-DD, and more (a real date): the services check that too.
      if ((first as RegExp).source === LOCAL_DATE_SOURCE && schema.format === 'date') return undefined;
      return expect('pattern', (first as RegExp).source);
    case 'isLength':
      return (first as number) > 0 ? (expect('minLength', first) ?? (second === undefined ? undefined : expect('maxLength', second))) : second === undefined ? undefined : expect('maxLength', second);
    case 'maxLength':
      return expect('maxLength', first);
    case 'minLength':
      return expect('minLength', first);
    case 'min':
      return expect('minimum', first);
    case 'max':
      return expect('maximum', first);
    case 'arrayMaxSize':
      return expect('maxItems', first);
    case 'arrayMinSize':
      return first === 0 ? undefined : expect('minItems', first);
    case 'isIn':
      return sameMembers(enumOf(documented), first as unknown[]) ? undefined : `isIn needs enum: ${JSON.stringify(first)} (documented: ${JSON.stringify(enumOf(documented))})`;
    case 'isEnum':
      return sameMembers(enumOf(documented), Object.values(first as object)) ? undefined : `isEnum needs enum: ${JSON.stringify(Object.values(first as object))}`;
    case 'isInt':
      return schema.type === 'integer' ? undefined : `isInt needs type: "integer" (documented: ${JSON.stringify(schema.type === Number ? 'number' : schema.type)})`;
    case 'isUUID':
      return expect('format', 'uuid');
    case 'isEmail':
      return expect('format', 'email');
    case 'isLatitude':
      return expect('minimum', -90) ?? expect('maximum', 90);
    case 'isLongitude':
      return expect('minimum', -180) ?? expect('maximum', 180);
    default:
      return undefined;
  }
}

function enumOf(documented: Documented): unknown[] | undefined {
  const values = documented.enum ?? documented.items?.enum;
  if (Array.isArray(values)) return values;
  return values && typeof values === 'object' ? Object.values(values) : undefined;
}

function sameValue(documented: unknown, enforced: unknown): boolean {
  return documented === enforced;
}

function sameMembers(documented: unknown[] | undefined, enforced: unknown[]): boolean {
  return documented !== undefined && documented.length === new Set(enforced).size && enforced.every((value) => documented.includes(value));
}
