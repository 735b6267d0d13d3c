export interface Postgres {
  psql(sql: string): Promise<string>;
  stop(): Promise<void>;
  version: string;
  port?: number;
}
export function startPostgres(): Promise<Postgres | { skip: string }>;
export function parseCsv(text: string): (string | null)[][];
export function writeTemp(dir: string, name: string, text: string): string;
