// What the check panel hands the user as files: the results as CSV, JSON or GeoJSON, and the reports (HTML in a new
// window, Word, PDF), named with the date.

import type { SiteResult } from '../lib/check/checkSite';
import type { LayerState } from '../lib/check/dataset';
import { t } from '../lib/i18n/messages';
import { buildOutput, toCsv } from '../lib/report/checkOutput';
import { overlapsGeoJson } from '../lib/report/exports';
import { fullGeometry, type SiteRecord } from '../lib/sites/model';
import type { ReportOut } from './checker.svelte';

/** Saves data as a file through a temporary link. */
export function download(name: string, data: BlobPart, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The results of the sites (named as the user named them) as CSV (with a BOM, for Excel), JSON or GeoJSON. */
export function exportResults(
  kind: 'csv' | 'json' | 'geojson',
  o: {
    sites: SiteRecord[];
    results: SiteResult[];
    layers: LayerState[];
    nearM: number;
    projectType: string | null;
    illustrative: boolean;
  },
): void {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  if (kind === 'geojson') {
    download(
      `ecozone-check-${stamp}.geojson`,
      JSON.stringify(
        overlapsGeoJson(
          // A large site is written whole, not as its display copy.
          o.sites.map((x) => ({ ...x, geometry: fullGeometry(x) })),
          o.results,
        ),
      ),
      'application/geo+json',
    );
    return;
  }
  const out = buildOutput(
    o.results.map((r) => ({ ...r, id: o.sites.find((s) => s.id === r.id)?.name ?? r.id })),
    o.layers,
    {
      checkedAt: new Date().toISOString(),
      nearM: o.nearM,
      projectType: o.projectType,
      dataNotice: o.illustrative ? t('illustrativeNotice', 'zh') : null,
    },
  );
  if (kind === 'csv') download(`ecozone-check-${stamp}.csv`, '\uFEFF' + toCsv(out), 'text/csv;charset=utf-8');
  else download(`ecozone-check-${stamp}.json`, JSON.stringify(out, null, 1), 'application/json');
}

type ReportSite = Pick<SiteRecord, 'id' | 'name' | 'geometry' | 'packed' | 'source' | 'crs'>;

/**
 * Renders the report of these sites (through `render`, the check worker) and hands it over: HTML in a window opened at
 * once, while the click still counts as the user's; Word and PDF as downloads. Returns the error, if any.
 */
export async function openReport(
  format: 'html' | 'docx' | 'pdf',
  sites: SiteRecord[],
  render: (format: 'html' | 'docx' | 'pdf', sites: ReportSite[]) => Promise<ReportOut>,
): Promise<string | null> {
  const chosen = sites.map((s) => ({
    id: s.id,
    name: s.name,
    geometry: s.geometry,
    ...(s.packed ? { packed: s.packed } : {}),
    source: s.source,
    ...(s.crs ? { crs: s.crs } : {}),
  }));
  const win = format === 'html' ? window.open('', '_blank') : null;
  const r = await render(format, chosen);
  if (r.error) {
    win?.close();
    return r.error;
  }
  const stamp = new Date().toISOString().slice(0, 10);
  if (r.html) {
    if (win) {
      // The blank window shares this page's origin, so the report can be written straight into it.
      win.document.open();
      win.document.write(r.html);
      win.document.close();
    } else download(`ecozone-report-${stamp}.html`, r.html, 'text/html');
  } else if (r.docx)
    download(
      `ecozone-report-${stamp}.docx`,
      r.docx as BlobPart,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  else if (r.pdf) download(`ecozone-report-${stamp}.pdf`, r.pdf as BlobPart, 'application/pdf');
  return null;
}
