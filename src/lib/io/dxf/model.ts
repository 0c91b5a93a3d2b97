// What the DXF reader works with: group-code pairs, raw entities, the shapes they describe, and the limits it keeps.

export const FORMAT = 'dxf';

/** Arcs (bulges, ARC) are cut into chords whose sagitta stays within this many metres, with at least ARC_MIN_SEGMENTS per arc. */
export const ARC_TOLERANCE_M = 0.1;
export const ARC_MIN_SEGMENTS = 8;
/** A CIRCLE becomes a polygon of at least this many sides (more when the sagitta rule needs them). */
export const CIRCLE_SEGMENTS = 72;
export const ARC_MAX_SEGMENTS = 4096;
/** Most vertices a drawing may produce in all, so a hostile file cannot exhaust memory with bulges. */
export const MAX_POINTS = 2_000_000;
export const METRES_PER_DEGREE = 111_320;

export type XY = [number, number];

export interface Pair {
  code: number;
  value: string;
  /** 1-based line of the group code. */
  line: number;
}

export interface RawEntity {
  type: string;
  line: number;
  pairs: Pair[];
}

export interface PathVertex {
  x: number;
  y: number;
  bulge: number;
}

export type Shape =
  | { t: 'point'; p: XY }
  | { t: 'path'; v: PathVertex[]; closed: boolean; mirror: boolean }
  | { t: 'circle'; c: XY; r: number; mirror: boolean }
  | { t: 'arc'; c: XY; r: number; a0: number; a1: number; mirror: boolean };

export interface Item {
  shape: Shape;
  type: string;
  layer: string;
  handle: string;
  line: number;
  color?: number;
}

/** Entities that carry no site geometry (annotation, views); ignored without a word. */
export const ANNOTATION = new Set([
  'TEXT',
  'MTEXT',
  'DIMENSION',
  'ATTDEF',
  'ATTRIB',
  'LEADER',
  'MLEADER',
  'MULTILEADER',
  'VIEWPORT',
  'IMAGE',
  'WIPEOUT',
  'OLE2FRAME',
  'OLEFRAME',
  'TOLERANCE',
  'ACAD_TABLE',
  'XLINE',
  'RAY',
  'ARCALIGNEDTEXT',
  'RTEXT',
]);

/**
 * Reads an ASCII DXF. `opts.crs` (the CRS the user chose) wins; without it, prefixed Gauss-Krüger
 * eastings or China-range lon/lat are recognised with a warning, anything else asks the user to choose.
 * In CAD drawings X is the easting and Y the northing.
 */
