/**
 * What the cell parser and the formula parser share: a cursor over the
 * lexer's tokens and the one way to stop with a located, catalogued error.
 */
import { t, word, type Params } from '../diagnostics/catalogue.js';
import { describe, lex, type LangError, type Token } from './lexer.js';

/** Thrown to end a parse; the public parse functions turn it into their `errors`. */
export class Stop {
  constructor(readonly error: LangError) {}
}

/** A token cursor over `text`; `endWord` names the end of input in messages ("end of cell"). */
export class TokenCursor {
  protected readonly toks: Token[];
  protected pos = 0;

  constructor(
    protected readonly text: string,
    private readonly endWord: string,
  ) {
    this.toks = lex(text);
  }

  protected peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }

  protected next(): Token {
    const tok = this.peek();
    if (tok.kind !== 'eof') this.pos++;
    return tok;
  }

  protected isPunct(tok: Token, p: string): boolean {
    return tok.kind === 'punct' && tok.text === p;
  }

  protected isWord(tok: Token, w: string): boolean {
    return tok.kind === 'ident' && tok.text === w;
  }

  /** Stops at `tok` with the catalogue entry `key`; a bad token keeps the lexer's own message. `{tok}` is filled in. */
  protected fail(tok: Token, key: string, params: Params = {}): never {
    if (tok.kind === 'bad') throw new Stop({ message: tok.message, hint: tok.hint, start: tok.start, end: tok.end });
    throw new Stop({ ...t(key, { tok: describe(tok, this.text, word(this.endWord)), ...params }), start: tok.start, end: tok.end });
  }
}
