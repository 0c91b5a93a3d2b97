// The check side of the page, wired: the sites on the map, a fresh check whenever the sites change, the open result's
// shared parts highlighted, and the downloads of results and reports.

import type { Hit } from '../lib/check/checkSite';
import { overlapGeometry } from '../lib/report/exports';
import type { SiteRecord } from '../lib/sites/model';
import type { Shell } from './shell.svelte';
import type { CheckSite } from './checker.svelte';

/** A site as the checker takes it: a large one with its packed full geometry. */
const checkSiteOf = (s: SiteRecord): CheckSite => ({
  id: s.id,
  geometry: s.geometry,
  ...(s.packed ? { packed: s.packed, vertices: s.vertices ?? s.packed.coords.length / 2 } : {}),
});

const SITES_MS = 600;
const SITES_IMPORTING_MS = 1000;

/** Registers the effects that keep the map and the results in step with the sites. Call while a component initialises. */
export function wireReview(shell: Shell): void {
  const { checker, sites } = shell;
  // The map shows the sites as they are in the list: at once after a quiet spell, else at most every SITES_MS (an
  // import adding thousands of sites batch by batch redraws a few times, not once a batch).
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const draw = () => {
    timer = null;
    last = performance.now();
    shell.view?.setSites(sites.sites);
  };
  $effect(() => {
    const all = sites.sites;
    // While a file is read, the map redraws every few seconds; when it is in, at once.
    const importing = shell.editor.importing !== null;
    if (!shell.mapReady) return;
    if (timer) clearTimeout(timer);
    const wait = all.length < 200 ? 0 : last + (importing ? SITES_IMPORTING_MS : SITES_MS) - performance.now();
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait);
  });
  // Every change to the sites, and the checker becoming ready, checks the sites that are new or reshaped; a file being
  // imported is checked once it is in (the workers would otherwise compete with its reading).
  $effect(() => {
    const all = sites.sites;
    if (checker.ready && !shell.editor.importing) checker.sync(all.map(checkSiteOf));
  });
  // The open result's shared parts are highlighted on the map (redrawn only when that result changes: results stream
  // in while a batch is checked).
  let highlighted: unknown = undefined;
  $effect(() => {
    const r = checker.results.find((x) => x.id === shell.selected);
    if (!shell.mapReady || r === highlighted) return;
    highlighted = r;
    const features = (r?.hits ?? []).flatMap((h) => {
      const g = overlapGeometry(h);
      return g ? [{ type: 'Feature' as const, properties: { layer: h.layer, zone: h.zone }, geometry: g }] : [];
    });
    shell.view?.setHighlight({ type: 'FeatureCollection', features });
  });
}

/** Checks every site again with the current options. */
export function runCheck(shell: Shell): void {
  shell.checker.run(shell.sites.sites.map(checkSiteOf));
}

/** Opens a hit: its site selected, the map framed on the shared part. */
export function showHit(shell: Shell, site: SiteRecord, h: Hit): void {
  shell.selected = site.id;
  shell.view?.fitTo(overlapGeometry(h) ?? site.geometry);
}

export async function exportFor(shell: Shell, kind: 'csv' | 'json' | 'geojson'): Promise<void> {
  const { app, checker } = shell;
  // The export carries the shared polygons: wait for the ones still being clipped.
  await checker.complete();
  // The export writers load when first used, out of the first view's bundle.
  const { exportResults } = await import('./downloads');
  exportResults(kind, {
    sites: shell.sites.sites,
    results: checker.results,
    layers: checker.layers,
    nearM: checker.nearM,
    projectType: checker.projectType || null,
    illustrative: app.manifest?.layers.some((l) => l.provenance.status === 'illustrative') ?? false,
  });
}

/** The report of one site (by id) or of all. */
export async function reportFor(shell: Shell, format: 'html' | 'docx' | 'pdf', siteId: string | null): Promise<void> {
  const all = shell.sites.sites;
  const { openReport } = await import('./downloads');
  const error = await openReport(format, siteId ? all.filter((s) => s.id === siteId) : all, (f, chosen) =>
    shell.checker.report(f, chosen),
  );
  if (error) shell.checker.error = error;
}
