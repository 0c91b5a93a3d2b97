// Coordinates as people type them: decimal degrees, 度分秒 (113°37′12.5″E, 113度37分12.5秒), or grid metres.

/** An angle in decimal degrees from decimal or degree-minute-second text; null when it is not one. */
export function parseAngle(text: string): number | null {
  const s = text
    .trim()
    .replace(/[′’']/g, "'")
    .replace(/[″”"]|''/g, '"')
    .replace(/[，]/g, ',');
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  const m =
    /^([-+])?\s*(\d+(?:\.\d+)?)\s*(?:°|度|d|\s)\s*(?:(\d+(?:\.\d+)?)\s*(?:'|分|m)?\s*)?(?:(\d+(?:\.\d+)?)\s*(?:"|秒|s)?\s*)?([NSEWnsew]|北纬|南纬|东经|西经)?$/.exec(
      s,
    );
  if (!m) {
    const pre = /^([NSEWnsew]|北纬|南纬|东经|西经)\s*(.+)$/.exec(s);
    if (pre) {
      const v = parseAngle(`${pre[2]}${pre[1]!.length === 1 ? pre[1] : ''}`);
      return v === null ? null : /^[SWsw]|南纬|西经/.test(pre[1]!) ? -Math.abs(v) : v;
    }
    return null;
  }
  const [, sign, d, mi, se, hemi] = m;
  const min = mi ? Number(mi) : 0;
  const sec = se ? Number(se) : 0;
  if (min >= 60 || sec >= 60) return null;
  let v = Number(d) + min / 60 + sec / 3600;
  if (sign === '-' || (hemi && /^[SWsw]$|南纬|西经/.test(hemi))) v = -v;
  return v;
}
