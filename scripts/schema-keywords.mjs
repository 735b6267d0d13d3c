// Keywords our JSON Schemas carry beyond draft-07. Every Ajv that compiles them
// (scripts/build.mjs, the schema tests) adds these, since strict mode refuses an
// unknown keyword. They are annotations: no code, so validation is unchanged.

/** `x-descriptionZh`: the Chinese of a node's `description`, for hints in a Chinese run. */
export const schemaKeywords = [{ keyword: 'x-descriptionZh', schemaType: 'string' }];
