/** The search tokenizer shared by the browser and the build (`src/render/search.ts` imports it). */
export declare function tokenize(text: string): string[];
