/** JavaScript text of a self-contained TypeScript file, imports and exports removed. */
export function strip(file: string): string;
/** The text of src/compile/embedded.ts as it should be. */
export function render(): string;
