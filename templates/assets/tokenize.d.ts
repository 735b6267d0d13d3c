/** The browser's search tokenizer (same words as src/render/search.ts `tokenize`). */
export declare function tokenize(text: string): string[];
