// The public side's state: what protects a place (a tap, a search hit, the user's location) and a protected area's
// page, asked of the check worker and shown on the map.

import { t } from '../lib/i18n/messages';
import type { PlaceResult, ZoneInfo } from '../lib/public/place';
import type { MapView } from '../map/MapView';
import type { AppState } from './appState.svelte';
import type { Checker } from './checker.svelte';

type Padding = { top: number; bottom: number; left: number; right: number };

export class Places {
  place = $state<PlaceResult | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  zone = $state<ZoneInfo | null>(null);
  zoneError = $state<string | null>(null);
  zoneMissing = $state(false);

  constructor(
    private readonly app: AppState,
    private readonly checker: Checker,
    private readonly view: () => MapView | null,
    /** Opens the panel on a tab (the place, or the zone page). */
    private readonly show: (tab: 'place' | 'zone') => void,
    /** The part of the map the panel leaves free. */
    private readonly padding: () => Padding,
  ) {}

  /** What protects this point: asked of the worker, the point marked on the map. */
  async ask(lng: number, lat: number): Promise<void> {
    this.show('place');
    this.busy = true;
    this.error = null;
    this.view()?.setFocus({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lng, lat] } }],
    });
    const r = await this.checker.place(lng, lat);
    this.busy = false;
    if ('error' in r) this.error = t('checkerFailed', this.app.lang, { error: r.error });
    else this.place = r;
  }

  /** What protects the user's own location, and the map centred on it. */
  locate(): void {
    if (!('geolocation' in navigator)) {
      this.error = t('locationFailed', this.app.lang, { error: 'unsupported' });
      return;
    }
    this.busy = true;
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const at: [number, number] = [p.coords.longitude, p.coords.latitude];
        void this.ask(at[0], at[1]).then(() => this.view()?.centerOn(at, Math.max(this.app.zoom, 13), this.padding()));
      },
      (e) => {
        this.busy = false;
        this.error = t('locationFailed', this.app.lang, { error: e.message });
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  /** Opens the page of zone `key` (layer/id), as the link names it: framed and marked on the map. */
  openPage(key: string): void {
    const [layer, ...rest] = key.split('/');
    const id = rest.join('/');
    this.show('zone');
    this.zone = null;
    this.zoneError = null;
    this.zoneMissing = false;
    void this.checker.zone(layer!, id).then((r) => {
      if (this.app.zone !== key) return;
      if (r && 'error' in r) this.zoneError = t('checkerFailed', this.app.lang, { error: r.error });
      else if (!r) this.zoneMissing = true;
      else {
        this.zone = r;
        this.view()?.fitBox(r.bbox, 15, this.padding());
        this.view()?.setFocus({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: r.geometry }],
        });
      }
    });
  }

  /** Closes the zone page; the tab to show next (the place, if one was asked for). */
  closePage(): 'place' | 'layers' {
    this.app.zone = undefined;
    this.zone = null;
    this.view()?.setFocus({ type: 'FeatureCollection', features: [] });
    return this.place ? 'place' : 'layers';
  }
}
