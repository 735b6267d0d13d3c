/** The search tokenizer shared by the browser and the build (`src/render/search.ts` imports it). */
export declare function tokenize(text: string): string[];
/** The words of a search query (a lone Han character stands for itself). */
export declare function tokenizeQuery(text: string): string[];
