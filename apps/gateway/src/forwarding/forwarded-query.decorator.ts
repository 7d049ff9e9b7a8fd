import { applyDecorators, Type } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** Where @nestjs/swagger keeps what @ApiProperty says (its DECORATORS constants, which the package does not export). */
const PROPERTY_NAMES = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

type PropertyDocumentation = { type?: unknown; required?: boolean; description?: string; isArray?: boolean } & Record<string, unknown>;

const TYPE_NAMES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);

/**
 * Documents a forwarded list route's query from the service's own query DTO (its filters and the
 * PageQuery paging every list shares), one optional parameter per documented property, so the
 * gateway writes none of them again. The gateway does not validate the query: the service does,
 * which is why the DTO is not a handler parameter here.
 */
export function ForwardedQuery(query: Type<unknown>): MethodDecorator {
  const keys: string[] = Reflect.getMetadata(PROPERTY_NAMES, query.prototype) ?? [];
  const names = [...new Set(keys.map((key) => key.replace(/^:/, '')))];
  return applyDecorators(
    ...names.map((name) => {
      const documentation: PropertyDocumentation = Reflect.getMetadata(PROPERTY, query.prototype, name) ?? {};
      const { type, description, ...schema } = documentation;
      delete schema.required;
      delete schema.isArray;
      const typeName = TYPE_NAMES.get(type) ?? (typeof type === 'string' ? type : 'string');
      return ApiQuery({ name, required: false, ...(description ? { description } : {}), schema: { type: typeName, ...structuredClone(schema) } as never });
    }),
  );
}
