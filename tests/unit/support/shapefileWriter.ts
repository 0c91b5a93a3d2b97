// A small shapefile writer for the tests: the shapes, fields and damage the fixtures do not cover.

export type Pt = [number, number];

class Bytes {
  private parts: number[] = [];
  private dv = new DataView(new ArrayBuffer(8));
  i32(v: number, le = true) {
    this.dv.setInt32(0, v, le);
    for (let k = 0; k < 4; k++) this.parts.push(this.dv.getUint8(k));
    return this;
  }
  f64(v: number) {
    this.dv.setFloat64(0, v, true);
    for (let k = 0; k < 8; k++) this.parts.push(this.dv.getUint8(k));
    return this;
  }
  raw(b: ArrayLike<number>) {
    for (let k = 0; k < b.length; k++) this.parts.push(b[k]!);
    return this;
  }
  get bytes() {
    return new Uint8Array(this.parts);
  }
}

const box = (pts: Pt[]) => [
  Math.min(...pts.map((p) => p[0])),
  Math.min(...pts.map((p) => p[1])),
  Math.max(...pts.map((p) => p[0])),
  Math.max(...pts.map((p) => p[1])),
];

/** Record content: null (type 0), a point, a multipoint or a polyline/polygon, with Z and/or M arrays when the type has them. */
export function content(type: number, parts: Pt[][]): Uint8Array {
  const b = new Bytes().i32(type);
  if (type === 0) return b.bytes;
  const pts = parts.flat();
  const hasZ = type > 10 && type < 20;
  const hasM = type > 10;
  if ([1, 11, 21].includes(type)) {
    b.f64(pts[0]![0]).f64(pts[0]![1]);
    if (hasZ) b.f64(120.5);
    if (hasM) b.f64(7);
    return b.bytes;
  }
  box(pts).forEach((v) => b.f64(v));
  if ([8, 18, 28].includes(type)) b.i32(pts.length);
  else {
    b.i32(parts.length).i32(pts.length);
    let k = 0;
    for (const p of parts) {
      b.i32(k);
      k += p.length;
    }
  }
  pts.forEach((p) => b.f64(p[0]).f64(p[1]));
  if (hasZ) [100, 101, ...pts.map((_, i) => 100 + i)].forEach((v) => b.f64(v));
  if (hasM) [0, 1, ...pts.map(() => -1e39)].forEach((v) => b.f64(v));
  return b.bytes;
}

export function shp(type: number, records: Uint8Array[]): Uint8Array {
  const body = new Bytes();
  records.forEach((c, i) =>
    body
      .i32(i + 1, false)
      .i32(c.length / 2, false)
      .raw(c),
  );
  const head = new Bytes().i32(9994, false);
  for (let k = 0; k < 5; k++) head.i32(0, false);
  head
    .i32((100 + body.bytes.length) / 2, false)
    .i32(1000)
    .i32(type);
  for (let k = 0; k < 8; k++) head.f64(0);
  return new Uint8Array([...head.bytes, ...body.bytes]);
}

/** A dBASE III table of character fields; rows starting with '*' are marked deleted. */
export function dbf(fields: [string, number][], rows: string[][], ldid = 0): Uint8Array {
  const enc = new TextEncoder();
  const headerLen = 32 + 32 * fields.length + 1;
  const recordLen = 1 + fields.reduce((s, f) => s + f[1], 0);
  const b = new Bytes()
    .raw([3, 126, 1, 1])
    .i32(rows.length)
    .raw([headerLen & 0xff, headerLen >> 8, recordLen & 0xff, recordLen >> 8]);
  b.raw(new Array(17).fill(0)).raw([ldid, 0, 0]);
  for (const [name, len] of fields) {
    const n = enc.encode(name);
    b.raw([...n, ...new Array(11 - n.length).fill(0), 'C'.charCodeAt(0), 0, 0, 0, 0, len, 0, ...new Array(14).fill(0)]);
  }
  b.raw([0x0d]);
  for (const row of rows) {
    const deleted = row[0] === '*';
    b.raw([deleted ? 0x2a : 0x20]);
    fields.forEach(([, len], i) => {
      const v = enc.encode(row[i + (deleted ? 1 : 0)] ?? '');
      b.raw([...v, ...new Array(len - v.length).fill(0x20)]);
    });
  }
  return new Uint8Array([...b.bytes, 0x1a]);
}

/** A clockwise (shapefile outer) square around a lon/lat point, side d degrees; ccw gives a hole. */
export function square(x: number, y: number, d: number, ccw = false): Pt[] {
  const cw: Pt[] = [
    [x - d, y - d],
    [x - d, y + d],
    [x + d, y + d],
    [x + d, y - d],
    [x - d, y - d],
  ];
  return ccw ? cw.reverse() : cw;
}

export const PRJ_XIAN80 =
  'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
