// The link: the URL hash reproduces the view (centre, zoom, layers, language, base map, open zone page). It is read at
// start, followed when the user edits it, and rewritten as the view changes.

import type { BuiltManifest } from '../lib/layers/manifest';
import { parseHash, type MapState } from '../lib/permalink';
import type { MapView } from '../map/MapView';
import type { AppState } from './appState.svelte';

function defaults(m: BuiltManifest): MapState {
  return {
    center: m.view.center,
    zoom: m.view.zoom,
    layers: m.layers.filter((l) => l.defaultVisible).map((l) => l.id),
    lang: 'zh',
    basemap: 'none',
  };
}

/** Applies the link's state (malformed parameters left out and listed for the user). */
export function applyLink(app: AppState, m: BuiltManifest): void {
  const s = parseHash(
    location.hash,
    defaults(m),
    m.layers.map((l) => l.id),
  );
  app.apply(s);
  app.linkDropped = s.dropped;
}

/** Follows edits of the link in the address bar; returns the function that stops following. */
export function followLink(app: AppState, view: () => MapView | null): () => void {
  const onHash = () => {
    const m = app.manifest;
    if (!m || location.hash === app.hash()) return;
    applyLink(app, m);
    for (const l of m.layers) view()?.setVisible(l.id, app.visible.includes(l.id));
    view()?.map.jumpTo({ center: app.center, zoom: app.zoom });
  };
  addEventListener('hashchange', onHash);
  return () => removeEventListener('hashchange', onHash);
}

/** Keeps the link equal to the view. Call while a component initialises. */
export function mirrorLink(app: AppState): void {
  $effect(() => {
    if (!app.manifest) return;
    const h = app.hash();
    if (location.hash !== h) history.replaceState(null, '', h);
  });
}
