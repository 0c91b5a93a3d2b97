// One search box over zone names and codes, districts and townships, and typed coordinates: results as you type, matching
// partial Chinese names, pinyin initials ("hhsd") and full pinyin. The index is built with the data (scripts/data/searchIndex.ts).

export interface SearchEntry {
  kind: 'zone' | 'district' | 'town';
  /** The layer of a zone. */
  layer?: string;
  id: string;
  name: string;
  en?: string;
  /** What the entry is, in a few words (class, parent district). */
  sub: { zh: string; en: string };
  /** Full pinyin without tones or spaces, lower case. */
  py: string;
  /** Pinyin initials, lower case. */
  ini: string;
  bbox: [number, number, number, number];
  /** The entry has no outline of its own and is placed at its parent's (a township at its district). */
  approximate?: boolean;
}

export interface SearchIndex {
  version: string;
  entries: SearchEntry[];
}

export type SearchHit =
  { kind: 'entry'; entry: SearchEntry; score: number } | { kind: 'point'; lng: number; lat: number; swapped: boolean };

const KIND_RANK = { zone: 0, district: 1, town: 2 } as const;

/** China's extent, to tell "lat, lon" typed the wrong way round from "lon, lat". */
const CHINA = { west: 73, east: 136, south: 3, north: 54 };
const inChina = (lng: number, lat: number) =>
  lng >= CHINA.west && lng <= CHINA.east && lat >= CHINA.south && lat <= CHINA.north;

/** "113.62, 34.75", "113.62 34.75", "113.62°E 34.75°N", and the same typed latitude first. */
export function parseLonLat(q: string): { lng: number; lat: number; swapped: boolean } | null {
  const m =
    /^\s*(-?\d{1,3}(?:\.\d+)?)\s*°?\s*([EN东北])?\s*[,，;；\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*°?\s*([EN东北])?\s*$/i.exec(q);
  if (!m) return null;
  let a = Number(m[1]),
    b = Number(m[3]);
  const firstIsLat = /[N北]/i.test(m[2] ?? '') || /[E东]/i.test(m[4] ?? '');
  if (firstIsLat) [a, b] = [b, a];
  if (inChina(a, b)) return { lng: a, lat: b, swapped: firstIsLat };
  if (inChina(b, a)) return { lng: b, lat: a, swapped: true };
  return null;
}

/** Characters of q found in order in s (a partial name with gaps, e.g. 黄湿 in 黄河湿地); the score favours close-packed matches. */
function subsequence(s: string, q: string): number {
  let at = -1,
    gaps = 0;
  for (const ch of q) {
    const i = s.indexOf(ch, at + 1);
    if (i < 0) return 0;
    if (at >= 0) gaps += i - at - 1;
    at = i;
  }
  return Math.max(1, 30 - gaps);
}

function score(e: SearchEntry, q: string, ascii: boolean): number {
  const name = e.name.toLowerCase();
  const id = e.id.toLowerCase().replace(/[\s_-]/g, '');
  // How much of the name the query covers: of two names starting alike, the shorter is the closer match.
  const cover = 5 * Math.min(1, q.length / Math.max(1, name.length));
  if (id === q) return 100;
  if (id.startsWith(q) && q.length >= 2) return 92;
  if (name === q) return 95;
  if (name.startsWith(q)) return 85 + cover;
  const at = name.indexOf(q);
  if (at >= 0) return 75 - Math.min(at, 20) / 2 + cover;
  if (ascii) {
    if (e.ini.startsWith(q)) return 70;
    if (q.length >= 2 && e.ini.includes(q)) return 62;
    if (q.length >= 2 && e.py.startsWith(q)) return 66;
    if (q.length >= 3 && e.py.includes(q)) return 55;
    if (e.en && q.length >= 3 && e.en.toLowerCase().includes(q)) return 58;
    if (q.length >= 3 && id.includes(q)) return 50;
    return 0;
  }
  return q.length >= 2 ? subsequence(name, q) : 0;
}

/** The best matches for what has been typed so far, a typed coordinate first. */
export function search(index: SearchEntry[], query: string, limit = 8): SearchHit[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return [];
  const point = parseLonLat(q);
  const out: SearchHit[] = point ? [{ kind: 'point', ...point }] : [];
  const ascii = /^[a-z0-9 _-]+$/.test(q);
  const qq = ascii ? q.replace(/[\s_-]/g, '') : q.replace(/\s/g, '');
  if (!qq) return out;
  const scored: { entry: SearchEntry; score: number }[] = [];
  for (const e of index) {
    const s = score(e, qq, ascii);
    if (s > 0) scored.push({ entry: e, score: s });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      KIND_RANK[a.entry.kind] - KIND_RANK[b.entry.kind] ||
      a.entry.name.length - b.entry.name.length ||
      a.entry.name.localeCompare(b.entry.name, 'zh'),
  );
  return [...out, ...scored.slice(0, limit - out.length).map((s) => ({ kind: 'entry' as const, ...s }))];
}
