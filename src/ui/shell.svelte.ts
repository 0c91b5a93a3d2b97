// The map page's own state: the open tab and panel, the map view once made, the result selected. Every other piece of
// state (layers and link, sites, checks, places) has its own module; this one ties them together for App.svelte.

import { t } from '../lib/i18n/messages';
import type { SearchHit } from '../lib/search/search';
import type { MapView } from '../map/MapView';
import { AppState } from './appState.svelte';
import { Checker } from './checker.svelte';
import { DataFiles } from './dataFiles.svelte';
import { Places } from './places.svelte';
import { SiteEditor } from './siteEditor.svelte';
import { SiteState } from './sites.svelte';
import { rememberTiandituKey } from './startup';

export type Tab = 'layers' | 'sites' | 'check' | 'place' | 'zone' | 'targets';

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export class Shell {
  readonly app = new AppState();
  readonly checker = new Checker();
  readonly sites = new SiteState();
  readonly files = new DataFiles();
  readonly places: Places;
  readonly editor: SiteEditor;
  tab = $state<Tab>('layers');
  // On a phone the map comes first; the panel opens as a bottom sheet when a place, a result or the panel button asks.
  panelOpen = $state(typeof innerWidth === 'number' ? innerWidth > 700 : true);
  /** The map, once made (raw: MapLibre's objects are not for proxying). */
  view = $state.raw<MapView | null>(null);
  /** The map's style is ready and the stored sites are read. */
  mapReady = $state(false);
  /** The site whose result is open. */
  selected = $state<string | null>(null);

  constructor() {
    this.places = new Places(
      this.app,
      this.checker,
      () => this.view,
      (tab) => this.show(tab),
      () => this.freePadding(),
    );
    this.editor = new SiteEditor(
      this.app,
      this.sites,
      () => this.view,
      () => (this.tab = 'sites'),
    );
  }

  /** Opens the panel on a tab. */
  show(tab: Tab): void {
    this.tab = tab;
    this.panelOpen = true;
  }

  /** The map area left uncovered: on a phone the panel is a bottom sheet over the lower part of the map. */
  freePadding(): Padding {
    const sheet = innerWidth <= 700 && this.panelOpen ? (document.getElementById('layer-panel')?.offsetHeight ?? 0) : 0;
    return { top: 50, bottom: sheet + 30, left: 30, right: 30 };
  }

  /** Registers the page's own effects. Call while a component initialises. */
  wire(): void {
    // The targets load when their tab is first opened.
    $effect(() => {
      const m = this.app.manifest;
      if (this.tab === 'targets' && m) void this.files.loadIndicators(m, this.app.lang);
    });
    // A protected-area page follows the link: opened from search, a place or a shared URL.
    $effect(() => {
      const key = this.app.zone;
      if (key && this.checker.ready) this.places.openPage(key);
    });
    // The chosen tab stays in sight when the tab row scrolls (phones).
    $effect(() => {
      document.getElementById(`tab-${this.tab}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
    $effect(() => {
      const lang = this.app.lang;
      document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
      document.title = `${t('appTitle', lang)} · ${lang === 'zh' ? 'Eco-Zoning Map' : '生态空间管控一张图'}`;
      this.view?.setLang(lang);
    });
  }

  toggleLayer(id: string, on: boolean): void {
    this.app.visible = on ? [...this.app.visible, id] : this.app.visible.filter((v) => v !== id);
    this.view?.setVisible(id, on);
  }

  setOpacity(id: string, value: number): void {
    this.app.opacity[id] = value;
    this.view?.setOpacity(id, value);
  }

  setBasemap(): void {
    this.app.basemapError = false;
    rememberTiandituKey(this.app.tiandituKey);
    this.view?.setBasemap(this.app.basemap, this.app.tiandituKey);
  }

  openZone(layer: string, id: string): void {
    this.app.zone = `${layer}/${id}`;
  }

  closeZone(): void {
    this.tab = this.places.closePage();
  }

  /** A search hit: a coordinate asks what protects it, a zone opens its page, a place frames the map. */
  searchPick(h: SearchHit): void {
    const view = this.view;
    if (h.kind === 'point')
      void this.places
        .ask(h.lng, h.lat)
        .then(() => view?.centerOn([h.lng, h.lat], Math.max(this.app.zoom, 13), this.freePadding()));
    else if (h.entry.kind === 'zone' && h.entry.layer) this.openZone(h.entry.layer, h.entry.id);
    else view?.fitBox(h.entry.bbox, 13, this.freePadding());
  }
}
