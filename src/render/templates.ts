/**
 * The Handlebars side: one isolated environment per build, strict (a missing
 * field is an error, not an empty string), built-in helpers only, no prototype
 * access. Templates are given as text (the CLI reads them), keyed by their path
 * under `templates/` (`layout.hbs`, `partials/decision.hbs`, `pages/home.hbs`).
 */
import Handlebars from 'handlebars';

const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true, noEscape: false, preventIndent: true } as const;
const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowedProtoProperties: {},
  allowedProtoMethods: {},
} as const;

/** A compiled page template: view model in, HTML out. */
export type PageTemplate = (view: object) => string;

/** The compiled templates of one build. */
export interface TemplateSet {
  layout: PageTemplate;
  page(name: string): PageTemplate;
}

/** A template failed to compile or to render; names the file. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Compiles `layout.hbs`, every `pages/*.hbs` and registers every `partials/*.hbs`. */
export function compileTemplates(files: ReadonlyMap<string, string>): TemplateSet {
  const hb = Handlebars.create();
  const pages = new Map<string, PageTemplate>();
  const wrap = (file: string, source: string): PageTemplate => {
    let fn: HandlebarsTemplateDelegate;
    try {
      fn = hb.compile(source, COMPILE_OPTIONS);
    } catch (e) {
      throw new TemplateError(file, (e as Error).message);
    }
    return (view) => {
      try {
        return fn(view, RUNTIME_OPTIONS);
      } catch (e) {
        throw new TemplateError(file, (e as Error).message.split('\n')[0]);
      }
    };
  };
  for (const [file, source] of files) {
    const m = /^partials\/([a-z0-9-]+)\.hbs$/.exec(file);
    if (m) {
      try {
        hb.registerPartial(m[1], hb.compile(source, COMPILE_OPTIONS));
      } catch (e) {
        throw new TemplateError(file, (e as Error).message);
      }
    }
  }
  for (const [file, source] of files) {
    const m = /^pages\/([a-z0-9-]+)\.hbs$/.exec(file);
    if (m) pages.set(m[1], wrap(file, source));
  }
  const layoutSource = files.get('layout.hbs');
  if (layoutSource === undefined) throw new TemplateError('layout.hbs', 'missing template `layout.hbs`');
  const layout = wrap('layout.hbs', layoutSource);
  return {
    layout,
    page(name) {
      const p = pages.get(name);
      if (!p) throw new TemplateError(`pages/${name}.hbs`, `missing template \`pages/${name}.hbs\``);
      return p;
    },
  };
}
