// Starting the page: the manifest, the link, the map, the check worker (which loads every layer and hands each one to
// the map as it arrives), the search index and the stored sites.

import type { BuiltManifest } from '../lib/layers/manifest';
import { MapView } from '../map/MapView';
import { dataUrl } from './dataFiles.svelte';
import { applyLink, followLink } from './link.svelte';
import type { LayerLoad } from './appState.svelte';
import type { Shell } from './shell.svelte';

const TIANDITU_KEY_STORE = 'ecozone.tiandituKey';

/** Saves the 天地图 key the user typed, for the next visit. */
export function rememberTiandituKey(key: string): void {
  localStorage.setItem(TIANDITU_KEY_STORE, key);
}

async function fetchManifest(): Promise<BuiltManifest> {
  const res = await fetch(dataUrl('manifest.json'));
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as BuiltManifest;
}

/** Starts everything; returns the function that stops it. */
export function start(shell: Shell, mapEl: HTMLDivElement): () => void {
  const { app, checker, sites, places, editor, files } = shell;
  app.tiandituKey = localStorage.getItem(TIANDITU_KEY_STORE) ?? import.meta.env.VITE_TIANDITU_KEY ?? '';
  let stopped = false;
  // Read before the page writes its own view into the link.
  const linkHasView = /(^|[#&])map=/.test(location.hash);
  const unfollow = followLink(app, () => shell.view);
  void (async () => {
    let manifest: BuiltManifest;
    try {
      manifest = await fetchManifest();
    } catch (e) {
      app.manifestError = e instanceof Error ? e.message : String(e);
      return;
    }
    if (stopped) return;
    applyLink(app, manifest);
    app.manifest = manifest;
    app.load = Object.fromEntries(manifest.layers.map((l) => [l.id, { state: 'loading' }]));
    app.opacity = Object.fromEntries(manifest.layers.map((l) => [l.id, 1]));
    const dataBase = new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;
    const view = new MapView(mapEl, manifest, {
      dataBase,
      center: app.center,
      zoom: app.zoom,
      lang: app.lang,
      visible: new Set(app.visible),
      onMove: (center, zoom) => {
        app.center = center;
        app.zoom = zoom;
      },
      onCursor: (c) => (app.cursor = c),
      onBasemapError: () => (app.basemapError = true),
      onPick: ([lng, lat]) => void places.ask(lng, lat),
      onDrawn: (geometry) => editor.drawn(geometry),
    });
    shell.view = view;
    // Read-only handle for the browser tests and for anyone debugging the page in devtools.
    (window as unknown as { ecozoneMap: MapView['map'] }).ecozoneMap = view.map;
    const styleReady = view.ready();
    // The map is marked loaded (for the browser tests) once every layer is drawn or said to have failed.
    const waiting = new Set(manifest.layers.map((l) => l.id));
    const settle = (id: string, state: LayerLoad) => {
      if (stopped || !waiting.delete(id)) return;
      app.load[id] = state;
      if (!waiting.size) mapEl.dataset.loaded = 'true';
    };
    if (!waiting.size) mapEl.dataset.loaded = 'true';
    // The map draws every layer from its vector tiles straight away; the check worker is the one loader of layer
    // geometry, and its word says whether a layer is there to check against.
    void styleReady.then(() => {
      if (stopped) return;
      for (const l of manifest.layers) view.addLayer(l.id);
    });
    checker.onLayer = (id, r) => {
      if ('error' in r) settle(id, { state: 'failed', error: r.error });
      else settle(id, { state: 'ready', features: r.features });
    };
    checker.onInitError = (error) => {
      for (const id of [...waiting]) settle(id, { state: 'failed', error });
    };
    checker.start(
      manifest,
      new URL(`${import.meta.env.BASE_URL}data/`, location.href).href,
      new URL(`${import.meta.env.BASE_URL}fonts/`, location.href).href,
    );
    void files.loadSearch(manifest);
    await styleReady;
    // A phone opened without a view in its link sees the whole area the data covers.
    if (innerWidth <= 700 && !linkHasView) {
      const cover = manifest.layers.find((l) => l.coverage)?.built.bbox;
      if (cover) view.fitBox(cover, 12, 10);
    }
    await sites.load();
    shell.mapReady = true;
    if (app.basemap !== 'none') view.setBasemap(app.basemap, app.tiandituKey);
  })();
  return () => {
    stopped = true;
    unfollow();
    checker.stop();
    shell.view?.destroy();
  };
}
