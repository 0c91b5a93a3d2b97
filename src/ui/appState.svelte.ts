// UI state of the map page, held in runes; the URL hash mirrors the parts a link should reproduce.

import type { BuiltManifest, Lang } from '../lib/layers/manifest';
import { formatHash, type BasemapId, type MapState } from '../lib/permalink';

export type LayerLoad =
  { state: 'loading' } | { state: 'ready'; features: number } | { state: 'failed'; error: string };

export class AppState {
  lang = $state<Lang>('zh');
  manifest = $state.raw<BuiltManifest | null>(null);
  manifestError = $state<string | null>(null);
  visible = $state<string[]>([]);
  opacity = $state<Record<string, number>>({});
  load = $state<Record<string, LayerLoad>>({});
  center = $state<[number, number]>([113.2, 34.75]);
  zoom = $state(8);
  basemap = $state<BasemapId>('none');
  tiandituKey = $state('');
  basemapError = $state(false);
  /** Parameters of the opened link that were malformed and left out. */
  linkDropped = $state<string[]>([]);
  cursor = $state<[number, number] | null>(null);
  /** The protected-area page open (layer/id), part of the link. */
  zone = $state<string | undefined>(undefined);

  apply(s: MapState): void {
    this.center = s.center;
    this.zoom = s.zoom;
    this.visible = s.layers;
    this.lang = s.lang;
    this.basemap = s.basemap;
    this.zone = s.zone;
  }

  hash(): string {
    return formatHash({
      center: this.center,
      zoom: this.zoom,
      layers: this.visible,
      lang: this.lang,
      basemap: this.basemap,
      ...(this.zone ? { zone: this.zone } : {}),
    });
  }
}
