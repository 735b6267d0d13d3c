// PLACEHOLDER: being written by the lang helper (exact decimal arithmetic on BigInt).
export declare class Decimal {
  static parse(text: string): Decimal | undefined;
  static fromNumber(n: number): Decimal;
  toString(): string;
}
