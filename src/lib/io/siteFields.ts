// The attribute fields a site file names its sites and their codes by, in every reader (GeoJSON, shapefile, CSV):
// English and pinyin-initial names as land-survey and project exports write them, matched without regard to case.

export const ID_FIELDS = ['id', '编号', 'dkbh', 'bsm'];
export const NAME_FIELDS = ['name', '名称', '地块名称', '项目名称', 'mc', 'dkmc', 'xmmc'];

/** The first of `candidates` among `fields` (case aside), as the file spells it. */
export function findField(fields: readonly string[], candidates: readonly string[]): string | null {
  for (const c of candidates) {
    const f = fields.find((x) => x.toLowerCase() === c);
    if (f !== undefined) return f;
  }
  return null;
}

/** A non-empty value of the first named field present. */
export function fieldValue(props: Record<string, unknown>, candidates: readonly string[]): string | null {
  const f = findField(Object.keys(props), candidates);
  const v = f === null ? null : props[f];
  return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
}
