// Making candidate sites: drawing and vertex editing on the map, importing files, typed coordinates, buffers; what the
// last import said. The sites themselves live in SiteState.

import type { Geometry } from 'geojson';
import { crsLabel, parseCrs } from '../lib/geo/crs';
import { t } from '../lib/i18n/messages';
import type { TypedKind } from '../lib/io/typedSite';
import type { ImportResult } from '../lib/io/types';
import type { DrawKind, SiteRecord } from '../lib/sites/model';
import type { MapView } from '../map/MapView';
import type { AppState } from './appState.svelte';
import { newSiteId, type SiteState } from './sites.svelte';

type NewSite = { geometry: Geometry; name: string; source: string; crs?: string; repair?: Geometry };

export class SiteEditor {
  drawing = $state<DrawKind | null>(null);
  editing = $state<string | null>(null);
  dragging = $state(false);
  status = $state('');

  constructor(
    private readonly app: AppState,
    private readonly sites: SiteState,
    private readonly view: () => MapView | null,
    /** Brings the site list into view (an import from anywhere shows its result there). */
    private readonly showSites: () => void,
  ) {}

  add(items: NewSite[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, read once
    const now = new Date().toISOString();
    this.sites.add(items.map((x) => ({ id: newSiteId(), createdAt: now, ...x })));
  }

  /** A shape drawn on the map becomes a site named by its number. */
  drawn(geometry: Geometry): void {
    const lang = this.app.lang;
    this.add([
      {
        geometry,
        name: t('newSiteName', lang, { n: this.sites.sites.length + 1 }),
        source: lang === 'zh' ? '绘制' : 'drawn',
      },
    ]);
  }

  /** Adds what a reader found, keeps its issues for the list, and frames the new sites. */
  private take(result: ImportResult, source: string): number {
    this.sites.issues = result.issues;
    const crs = result.crs ? crsLabel(result.crs) : undefined;
    this.add(
      result.sites.map((s) => ({
        geometry: s.geometry,
        name: s.name,
        source,
        ...(crs ? { crs } : {}),
        ...(s.repair ? { repair: s.repair } : {}),
      })),
    );
    const first = result.sites[0];
    if (first)
      this.view()?.fitTo(
        result.sites.length === 1
          ? first.geometry
          : { type: 'GeometryCollection', geometries: result.sites.map((s) => s.geometry) },
      );
    return result.sites.length;
  }

  async importFile(file: File, crs: string): Promise<void> {
    this.showSites();
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The readers (shapefile, KML, DXF, zip…) load only when a file is first imported.
    const { importFile } = await import('../lib/io/importFile');
    const n = this.take(importFile(file.name, bytes, { crs: crs === 'auto' ? null : parseCrs(crs) }), file.name);
    this.status = t(n ? 'importDone' : 'importNothing', this.app.lang, { n, file: file.name });
  }

  async type(text: string, kind: TypedKind, crs: string): Promise<void> {
    const c = parseCrs(crs);
    if (!c) return;
    const lang = this.app.lang;
    // Named before the reader loads, so quick successive entries keep their order and numbers.
    const name = t('newSiteName', lang, { n: this.sites.sites.length + 1 });
    const { readTypedSite } = await import('../lib/io/typedSite');
    const n = this.take(readTypedSite(text, kind, c, name), lang === 'zh' ? '输入' : 'typed');
    this.status = n ? t('importDone', lang, { n, file: lang === 'zh' ? '输入' : 'typed coordinates' }) : '';
  }

  async buffer(site: SiteRecord, distanceM: number): Promise<void> {
    // The buffer's polygon union (polyclip) loads only when first asked for.
    const { bufferSite } = await import('../lib/geo/buffer');
    const g = bufferSite($state.snapshot(site.geometry) as Geometry, distanceM);
    if (g)
      this.add([
        { geometry: g, name: t('bufferName', this.app.lang, { name: site.name, d: distanceM }), source: site.source },
      ]);
  }

  /** The drawing tool loads on first use: a tool shows as active once the map is ready for it. */
  async draw(kind: DrawKind | null): Promise<void> {
    if (this.editing) await this.edit(null);
    await this.view()?.setDrawMode(kind);
    this.drawing = kind;
  }

  /** Puts a site under the vertex editor, or (null) takes the edited shape back. */
  async edit(site: SiteRecord | null): Promise<void> {
    if (site) {
      if (this.drawing) await this.draw(null);
      try {
        await this.view()?.editGeometry($state.snapshot(site.geometry) as Geometry);
        this.editing = site.id;
      } catch (e) {
        this.status = t('editRefused', this.app.lang, { reason: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    const g = this.view()?.finishEdit();
    if (this.editing && g) this.sites.update(this.editing, { geometry: g });
    this.editing = null;
  }

  drop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    const f = e.dataTransfer?.files?.[0];
    if (f) void this.importFile(f, 'auto');
  }
}
