// What the KML reader works with: its limits, the folder path a placemark sits in, simple geometries, DOM helpers.

import type { Element, Node } from '@xmldom/xmldom';
import type { Position } from 'geojson';
import type { ImportIssue } from '../types';

export const FORMAT = 'kml';

/** Prefixes KML files use, assumed when a file forgets to declare them (a file's own declarations win). */
export const KNOWN_PREFIXES = {
  gx: 'http://www.google.com/kml/ext/2.2',
  kml: 'http://www.opengis.net/kml/2.2',
  atom: 'http://www.w3.org/2005/Atom',
  xal: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
};

/** Parser messages reported one by one before the rest are summed up. */
export const MAX_XML_ISSUES = 5;
/** MultiGeometry nested deeper than this is not followed. */
export const MAX_DEPTH = 16;
/** Folder names kept at each end of a placemark's folder path. */
export const MAX_FOLDER_NAMES = 8;

/** The Document/Folder names above a placemark, innermost first (shared between siblings, so deep nesting stays linear). */
export interface FolderPath {
  name: string;
  parent: FolderPath | null;
  depth: number;
}

/** The folder path as "outer / inner", the outermost MAX_FOLDER_NAMES levels and the innermost ones when very deep. */
export function folderText(path: FolderPath): string {
  const names: string[] = [];
  for (let p: FolderPath | null = path; p; p = p.parent) {
    if (names.length < MAX_FOLDER_NAMES || p.depth <= MAX_FOLDER_NAMES) names.push(p.name);
    else if (names[names.length - 1] !== '…') names.push('…');
  }
  return names.reverse().join(' / ');
}

export type Simple =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] };

export interface Ctx {
  issues: ImportIssue[];
  /** How the placemark is named in messages: zh and en. */
  zh: string;
  en: string;
  where: { line?: number; site?: string };
}

export const lineOf = (n: Node): number | undefined =>
  typeof n.lineNumber === 'number' && n.lineNumber > 0 ? n.lineNumber : undefined;

export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

export const childNamed = (el: Element, name: string): Element | undefined =>
  elementChildren(el).find((c) => c.localName === name);
export const childrenNamed = (el: Element, name: string): Element[] =>
  elementChildren(el).filter((c) => c.localName === name);
export const textOf = (el: Element | undefined): string => (el?.textContent ?? '').trim();
