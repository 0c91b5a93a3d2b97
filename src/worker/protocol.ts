// Messages between the app and the check worker.

import type { Geometry, Position } from 'geojson';
import type { PackedGeometry } from '../lib/geo/packed';
import type { LayerState } from '../lib/check/dataset';
import type { SiteResult } from '../lib/check/checkSite';
import type { BuiltManifest } from '../lib/layers/manifest';
import type { ProjectType } from '../lib/rules/model';
import type { PlaceResult, ZoneInfo } from '../lib/public/place';

/** A site as the worker is given it: a large one with its full geometry packed (then `geometry` is a display copy). */
export interface WorkerSite {
  id: string;
  geometry: Geometry;
  packed?: PackedGeometry;
}

export interface CheckRequest {
  type: 'check';
  requestId: number;
  sites: WorkerSite[];
  nearM: number;
  /** Zoning layers the user left out of the check. */
  excluded: string[];
  projectType: string | null;
}

export interface ReportRequest {
  type: 'report';
  requestId: number;
  format: 'html' | 'docx' | 'pdf';
  sites: (WorkerSite & { name: string; source?: string; crs?: string })[];
  nearM: number;
  excluded: string[];
  projectType: string | null;
}

/** baseUrl: the data folder; fontUrl: the folder of the report font files (for PDF). */
export type WorkerIn =
  | { type: 'init'; manifest: BuiltManifest; baseUrl: string; fontUrl: string }
  | CheckRequest
  | ReportRequest
  | { type: 'place'; requestId: number; lng: number; lat: number }
  | { type: 'zone'; requestId: number; layer: string; id: string };

export type WorkerOut =
  /** One layer loaded for checking (the map draws it from its vector tiles) or failed; sent before 'ready'. */
  | { type: 'layer'; id: string; features: number }
  | { type: 'layer-error'; id: string; error: string }
  | { type: 'ready'; layers: LayerState[]; types: ProjectType[] }
  | { type: 'init-error'; error: string }
  | { type: 'progress'; requestId: number; done: number; total: number }
  | { type: 'result'; requestId: number; results: SiteResult[]; layers: LayerState[] }
  /** After a result: each polygon site's shared parts with its hits (by hit index), for highlighting and exports. */
  | { type: 'overlaps'; requestId: number; sites: { id: string; polygons: (Position[][][] | null)[] }[] }
  | { type: 'check-error'; requestId: number; error: string }
  | { type: 'report-done'; requestId: number; html?: string; docx?: Uint8Array; pdf?: Uint8Array }
  | { type: 'place-done'; requestId: number; place: PlaceResult }
  | { type: 'zone-done'; requestId: number; zone: ZoneInfo | null };
