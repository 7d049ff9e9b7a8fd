import { join } from 'node:path';
import { createGenerator, SchemaGenerator } from 'ts-json-schema-generator';
import { EventDeclarations } from './event-catalogue';

export type JsonSchema = { [keyword: string]: unknown };

/** The data of one event type at one schema version, as its TypeScript declaration says. */
export type DeclaredEvent = Readonly<{ type: string; description?: string; data: JsonSchema }>;

/**
 * Reads event declarations with ts-json-schema-generator: the TypeScript types are the one place
 * an event's data is declared (the deciders, projections and consumers compile against them), so
 * the document cannot describe a shape the code does not have.
 */
export class DeclaredEvents {
  private readonly generator: SchemaGenerator;

  constructor(
    private readonly declarations: EventDeclarations,
    root: string,
  ) {
    this.generator = createGenerator({
      path: join(root, declarations.file),
      tsconfig: join(root, 'tsconfig.base.json'),
      expose: 'export',
      topRef: true,
      // The libraries' own builds type-check them; this only reads their types.
      skipTypeCheck: true,
      jsDoc: 'extended',
      // Closed here (the generator turns readonly arrays into odd intersections when objects are open), opened by `inline`.
      additionalProperties: false,
    });
  }

  /** Every event of the declaration's union, its data with every reference inlined. */
  events(): DeclaredEvent[] {
    return this.eventsOf(this.declarations.union);
  }

  /** The events of another exported union or `Event` type of the same file (an older schema version's shape). */
  eventsOf(typeName: string): DeclaredEvent[] {
    const schema = this.generator.createSchema(typeName) as JsonSchema;
    const definitions = (schema.definitions ?? {}) as Record<string, JsonSchema>;
    return eventsIn(schema, definitions, `${this.declarations.file} ${typeName}`);
  }
}

function eventsIn(node: JsonSchema, definitions: Record<string, JsonSchema>, where: string, description?: string): DeclaredEvent[] {
  if (Array.isArray(node.anyOf)) return (node.anyOf as JsonSchema[]).flatMap((member) => eventsIn(member, definitions, where));
  if (typeof node.$ref === 'string') {
    const name = definitionName(node.$ref);
    const target = definitions[name];
    // Event<Type, Data> itself carries the generic description of every event: the alias's own is the one wanted.
    const own = (node.description as string | undefined) ?? (name.startsWith('Event<') ? undefined : (target.description as string | undefined));
    return eventsIn(target, definitions, where, description ?? own);
  }
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const type = properties.type?.const;
  if (typeof type !== 'string' || !properties.data) throw new Error(`${where}: not a union of Event<Type, Data> types`);
  return [{ type, description, data: inline(properties.data, definitions, []) as JsonSchema }];
}

/** The schema with every `$ref` replaced by its definition (a keyword beside the reference, a description, wins). */
function inline(node: unknown, definitions: Record<string, JsonSchema>, path: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, definitions, path));
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as JsonSchema;
  // Open objects: a field added later, or one an old stored event still carries, leaves a message valid.
  const kept = Object.entries(rest).filter(([keyword, value]) => !(keyword === 'additionalProperties' && value === false));
  const own = Object.fromEntries(kept.map(([keyword, value]) => [keyword, inline(value, definitions, path)]));
  if (typeof $ref !== 'string') return own;
  const name = definitionName($ref);
  if (path.includes(name)) throw new Error(`Event data may not be recursive: ${[...path, name].join(' > ')}`);
  const target = inline(definitions[name], definitions, [...path, name]) as JsonSchema;
  // PersonalField's text describes the value a service reads back (or ERASED), not what a message carries.
  if (name.startsWith('PersonalField<')) delete target.description;
  return { ...target, ...own };
}

function definitionName(ref: string): string {
  return decodeURIComponent(ref.replace(/^#\/definitions\//, ''));
}
