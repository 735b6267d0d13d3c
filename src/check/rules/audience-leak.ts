/**
 * `audience-leak`: a decision readable by an audience that may not read the
 * clause it implements (the clause, a section around it, or its document is
 * restricted). The handbook hides such a decision with its clause; the
 * finding asks the author to say so, on the decision.
 */
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { Model, Section } from '../../model/index.js';
import { visibleTo } from '../../render/audience.js';
import type { CheckRule } from './index.js';

/** Each section's audiences from the document down to it (unmarked levels left out). */
function markings(model: Model): Map<string, (string | undefined)[]> {
  const out = new Map<string, (string | undefined)[]>();
  const walk = (list: Section[], above: (string | undefined)[]) => {
    for (const s of list) {
      const here = [...above, s.audience];
      out.set(s.anchor, here);
      walk(s.sections, here);
    }
  };
  for (const d of model.documents) walk(d.sections, [d.audience]);
  return out;
}

export const audienceLeak: CheckRule = {
  name: 'audience-leak',
  run(model, ctx) {
    const out: Diagnostic[] = [];
    const def = model.config.defaultAudience;
    const marks = markings(model);
    const docAudience = new Map(model.documents.map((d) => [d.id, d.audience]));
    const label = (id: string) => model.config.audiences.find((a) => a.id === id)?.label ?? id;
    for (const d of ctx.decisions) {
      if (!d.clause) continue;
      const anchor = `${d.clause.document}#${d.clause.section}`;
      const clause = marks.get(anchor);
      const section = model.sections.get(anchor);
      if (!clause || !section) continue;
      const own = [docAudience.get(d.document), d.audience];
      const leak = model.config.audiences.find((a) => own.every((m) => visibleTo(m, a.id, def)) && !clause.every((m) => visibleTo(m, a.id, def)));
      if (!leak) continue;
      const restricted = [...clause].reverse().find((m) => m !== undefined && m !== def) ?? def;
      out.push(
        diag('audience-leak', 'warning', 'check.audience-leak', { id: d.id, clause: anchor, audience: label(leak.id), restricted: restricted }, d.span, {
          related: [ctx.related(section.span, 'check.related-clause', { clause: anchor })],
        }),
      );
    }
    return out;
  },
};
