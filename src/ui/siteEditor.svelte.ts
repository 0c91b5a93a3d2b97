// Making candidate sites: drawing and vertex editing on the map, importing files, typed coordinates, buffers; what the
// last import said. The sites themselves live in SiteState.

import type { Geometry } from 'geojson';
import { crsLabel, parseCrs } from '../lib/geo/crs';
import { t } from '../lib/i18n/messages';
import type { TypedKind } from '../lib/io/typedSite';
import type { ImportResult } from '../lib/io/types';
import { bboxOf, positions } from '../lib/geo/geometryWalk';
import type { SiteOut, SitesIn, SitesOut } from '../worker/sites.worker';
import SitesWorker from '../worker/sites.worker.ts?worker';
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
  /** The file being imported: how many of its sites are read, and how to stop it. */
  importing = $state<{ file: string; done: number; total: number; shown: number } | null>(null);
  private stopImport: (() => void) | null = null;

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
    this.sites.add(items.map((x, order) => ({ id: newSiteId(), createdAt: now, order, ...x })));
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

  /**
   * Imports a site file in the site-file worker: its sites are added batch by batch as they pass validation (one undo
   * step), with progress; cancel takes back what was added. Only one import runs at a time.
   */
  async importFile(file: File, crs: string): Promise<void> {
    this.showSites();
    this.stopImport?.();
    const lang = this.app.lang;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const batch = this.sites.batch();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, read once
    const now = new Date().toISOString();
    let order = 0;
    let box: [number, number, number, number] | null = null;
    this.sites.issues = [];
    this.status = '';
    this.importing = { file: file.name, done: 0, total: 0, shown: 0 };
    const c = crs === 'auto' ? null : parseCrs(crs);
    const worker = new SitesWorker();
    await new Promise<void>((resolve) => {
      const finish = (status: string) => {
        worker.terminate();
        this.importing = null;
        this.stopImport = null;
        this.status = status;
        resolve();
      };
      this.stopImport = () => {
        batch.cancel();
        finish(t('importCancelled', lang, { file: file.name }));
      };
      const records = (sites: SiteOut[], crsText: string | undefined) =>
        sites.map((s) => ({
          id: newSiteId(),
          createdAt: now,
          order: order++,
          geometry: s.geometry,
          name: s.name,
          source: file.name,
          ...(crsText ? { crs: crsText } : {}),
          ...(s.repair ? { repair: s.repair } : {}),
          ...(s.packed
            ? { packed: s.packed, areaM2: s.areaM2 ?? 0, lengthM: s.lengthM ?? 0, vertices: s.vertices ?? 0 }
            : {}),
        }));
      worker.onmessage = (e: MessageEvent<SitesOut>) => {
        const m = e.data;
        if (m.type === 'progress') {
          if (this.importing) this.importing = { ...this.importing, done: m.done, total: m.total };
        } else if (m.type === 'sites') {
          const pts = m.sites.flatMap((s) => positions(s.geometry));
          const b = pts.length ? bboxOf(pts) : null;
          // The map is framed once, when the file is done: moving it while batches arrive only redraws it.
          if (b)
            box = box
              ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])]
              : b;
          batch.append(records(m.sites, m.crs ? crsLabel(m.crs) : undefined));
          if (this.importing) this.importing = { ...this.importing, shown: order };
        } else {
          this.sites.issues = m.issues;
          if (box) this.view()?.fitBox(box, 16, 80);
          finish(t(m.count ? 'importDone' : 'importNothing', lang, { n: m.count, file: file.name }));
        }
      };
      worker.onerror = (e) => {
        e.preventDefault();
        batch.cancel();
        this.sites.issues = [
          {
            severity: 'error',
            code: 'reader-failed',
            message: {
              zh: `读取 ${file.name} 时出错：${e.message || '导入进程失败'}`,
              en: `reading ${file.name} failed: ${e.message || 'the import worker failed'}`,
            },
          },
        ];
        finish('');
      };
      const m: SitesIn = { type: 'import', name: file.name, bytes, crs: c };
      worker.postMessage(m, [bytes.buffer]);
    });
  }

  /** Stops the import under way and takes back the sites it added. */
  cancelImport(): void {
    this.stopImport?.();
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
