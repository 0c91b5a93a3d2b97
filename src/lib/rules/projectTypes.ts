// Resolves what a user typed as the project's type (a GB/T 4754 code, a type id or a Chinese name) to project-type ids.

import type { ProjectType } from './model';

export type TypeResolution = { ok: true; ids: Set<string>; label: string } | { ok: false; error: string };

/** The type and every broader type it is part of. */
function withAncestors(id: string, byId: Map<string, ProjectType>, out: Set<string>): void {
  if (out.has(id)) return;
  out.add(id);
  for (const parent of byId.get(id)?.partOf ?? []) withAncestors(parent, byId, out);
}

/** GB/T 4754 codes are a section letter then 2–4 digits; the letter may be left out. */
const CODE = /^([A-Ta-t])?(\d{2,4})$/;

export function resolveProjectType(input: string, types: ProjectType[]): TypeResolution {
  const text = input.trim();
  if (!text) return { ok: false, error: 'empty project type' };
  const byId = new Map(types.map((t) => [t.id, t]));
  const ids = new Set<string>();
  const direct = types.find(
    (t) => t.id === text.toLowerCase() || t.zh === text || t.en.toLowerCase() === text.toLowerCase(),
  );
  if (direct) {
    withAncestors(direct.id, byId, ids);
    return { ok: true, ids, label: `${direct.zh} ${direct.en}` };
  }
  const m = CODE.exec(text);
  if (m) {
    const digits = m[2]!;
    const letter = m[1]?.toUpperCase();
    for (const t of types)
      for (const c of t.codes) {
        const cl = c[0]!,
          cd = c.slice(1);
        if ((!letter || letter === cl) && digits.startsWith(cd)) withAncestors(t.id, byId, ids);
      }
    if (ids.size === 0)
      return {
        ok: false,
        error: `industry code ${text} matches no project type in the rules; give a type id (e.g. chemical) or a code such as C2614`,
      };
    return { ok: true, ids, label: `GB/T 4754 ${text}` };
  }
  // A word several types are known by (养殖: livestock and aquaculture) stands for all of them.
  const named = types.filter((t) => t.keywords.includes(text));
  if (named.length) {
    for (const t of named) withAncestors(t.id, byId, ids);
    return {
      ok: true,
      ids,
      label: named.length === 1 ? `${named[0]!.zh} ${named[0]!.en}` : `${text} (${named.map((t) => t.zh).join('、')})`,
    };
  }
  const near = types.filter(
    (t) => t.zh.includes(text) || text.includes(t.zh) || t.keywords.some((k) => text.includes(k)),
  );
  if (near.length === 1) {
    withAncestors(near[0]!.id, byId, ids);
    return { ok: true, ids, label: `${near[0]!.zh} ${near[0]!.en}` };
  }
  const hint = near.length
    ? `did you mean ${near.map((t) => `${t.id} (${t.zh})`).join(', ')}?`
    : 'see data/rules/project-types.json for the types';
  return { ok: false, error: `unknown project type "${text}": ${hint}` };
}

/** Whether a rule written for `ruleTypes` (less `exceptTypes`) concerns a project of the resolved types. */
export function typeMatches(ruleTypes: string[], project: Set<string>, exceptTypes: string[] = []): boolean {
  if (exceptTypes.some((t) => project.has(t))) return false;
  return ruleTypes.includes('*') || ruleTypes.some((t) => project.has(t));
}
