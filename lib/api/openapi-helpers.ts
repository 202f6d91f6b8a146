/** Building blocks of the OpenAPI document (lib/api/openapi.ts and its per-area path files). */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

export function body(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

export const json = (schema: JsonSchema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: { 400: 'Invalid request (see `issues`)', 401: 'No valid session or API token', 403: 'Role too low', 404: 'Not found', 409: 'Conflict' }[c] ?? 'Error',
        content: { 'application/json': { schema: ref('Error') } },
      },
    ]),
  );
export const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
export const query = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'query', required: false, schema, description });
export const requestBody = (schema: JsonSchema) => ({ required: true, content: { 'application/json': { schema } } });
export const role = (r: 'viewer' | 'analyst' | 'admin') => `Requires the **${r}** role or above.`;
export const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

