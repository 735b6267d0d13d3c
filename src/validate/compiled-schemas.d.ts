/**
 * Types of the validators that scripts/build.mjs generates (ajv standalone code,
 * compiled once at build time from schemas/*.schema.json).
 */
export type SchemaName = 'policy' | 'tests' | 'config';

/** The part of an ajv error we use. */
export interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidateFn {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export declare const validators: Record<SchemaName, ValidateFn>;
export declare const schemas: Record<SchemaName, object>;
