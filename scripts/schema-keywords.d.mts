import type { KeywordDefinition } from 'ajv';

export declare const schemaKeywords: KeywordDefinition[];
