// `npm run bench:browser`: the app at provincial and national scale in Chromium, against `vite preview` of the
// production build (local, no throttling, a fresh browser context with no cache each run), each figure printed with its
// target and the ratio to it, beside the same figures for the app at a baseline commit (default: before vector tiles)
// on the same data. Data sets: scripts/bench/browserData.ts. Options: --sets provincial,national --runs N
// --baseline COMMIT.
//
// Measured on the first view (the app's default view, as a visitor opens it): the time from navigation until control
// units are drawn; the bytes fetched until the map is loaded and idle, and the JavaScript among them (gzip); the
// main thread's JS heap after load (after a forced GC); the longest main-thread task during load and during pan and
// zoom; a map click to the 此处 answer; a drawn 1,000-vertex site's verdict. Then a reviewer's batch: a GeoJSON of
// 12,500 parcels (scripts/bench/parcels.ts, about 10 MB) imported through the file picker and checked against the set:
// the first site listed, all imported and checked, the longest main-thread task meanwhile, the JS heap after, and a
// reload with the 12,500 sites in the drafts (the longest task until they are listed again). Last, in a fresh context,
// one site of a million vertices (scripts/bench/bigSite.ts): to its verdict, and a reload with it in the drafts.
//
// Chromium runs with GPU compositing on SwiftShader (--enable-gpu-compositing --use-angle=swiftshader), as a browser
// with a GPU composites: without it, headless Chromium composites in software and reads every WebGL frame back on the
// main thread (GLES2::ReadPixels in Commit), which shows the rendering cost of SwiftShader as long main-thread tasks.
// --software-compositing measures that way instead.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { ROOT } from '../data/sources';
import { BENCH_DIR, benchSite, type SetName } from './browserData';
import { parcels } from './parcels';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { bigSite } from './bigSite';

const { values } = parseArgs({
  options: {
    sets: { type: 'string', default: 'provincial,national' },
    runs: { type: 'string', default: '3' },
    // The commit the figures are compared with: the app before vector tiles.
    baseline: { type: 'string', default: 'ef75dd3' },
    parcels: { type: 'string', default: '12500' },
    // The baseline froze for minutes on the parcel file: it is given this long (s) before it is said not to be done.
    'baseline-cap': { type: 'string', default: '120' },
    'software-compositing': { type: 'boolean', default: false },
  },
});
const PARCELS = Number(values.parcels);
const GPU_FLAGS = values['software-compositing'] ? [] : ['--ignore-gpu-blocklist', '--enable-gpu-compositing'];
const sets = values.sets!.split(',') as SetName[];
const runs = Number(values.runs);

interface Figures {
  unitsDrawnMs: number;
  bytes: number;
  jsGzip: number;
  workerJsGzip: number;
  heapMB: number;
  workersHeapMB: number;
  longestLoadTaskMs: number;
  longestPanZoomTaskMs: number;
  clickToAnswerMs: number;
  siteVerdictMs: number;
  parcelFirstSiteMs: number;
  parcelsDoneMs: number;
  parcelsLongestTaskMs: number;
  parcelsHeapMB: number;
  reloadListedMs: number;
  reloadLongestTaskMs: number;
  bigListedMs: number;
  bigVerdictMs: number;
  bigLongestTaskMs: number;
  bigReloadMapMs: number;
  bigReloadLongestTaskMs: number;
}

const TARGETS: Record<keyof Figures, { target: number; unit: string; label: string }> = {
  unitsDrawnMs: { target: 2000, unit: 'ms', label: 'control units drawn after navigation' },
  bytes: { target: 3 * 2 ** 20, unit: 'B', label: 'bytes fetched for the first view' },
  jsGzip: { target: 350 * 1024, unit: 'B', label: 'JavaScript of the page (gzip)' },
  workerJsGzip: { target: Infinity, unit: 'B', label: "workers' JavaScript (gzip; no target)" },
  heapMB: { target: 150, unit: 'MB', label: 'JS heap after load, main thread' },
  workersHeapMB: { target: 150, unit: 'MB', label: 'JS heap after load, workers' },
  longestLoadTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, load' },
  longestPanZoomTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, pan and zoom' },
  clickToAnswerMs: { target: 300, unit: 'ms', label: 'map click to the 此处 answer' },
  siteVerdictMs: { target: 500, unit: 'ms', label: "a 1,000-vertex site's verdict" },
  parcelFirstSiteMs: { target: 1000, unit: 'ms', label: 'parcel file: first sites listed' },
  parcelsDoneMs: { target: 60_000, unit: 'ms', label: 'parcel file: imported and checked' },
  parcelsLongestTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, import and check' },
  parcelsHeapMB: { target: 400, unit: 'MB', label: 'JS heap after import and check, main+workers' },
  reloadListedMs: { target: Infinity, unit: 'ms', label: 'reload: the parcels listed again (no target)' },
  reloadLongestTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, reload' },
  bigListedMs: { target: Infinity, unit: 'ms', label: '1M-vertex site: listed (no target)' },
  bigVerdictMs: { target: 10_000, unit: 'ms', label: '1M-vertex site: its verdict' },
  bigLongestTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, 1M-vertex site' },
  bigReloadMapMs: { target: 3000, unit: 'ms', label: 'reload with it in the drafts: map shown' },
  bigReloadLongestTaskMs: { target: 200, unit: 'ms', label: 'longest main-thread task, that reload' },
};

function serve(dist: string, port: number): Promise<ChildProcess> {
  const p = spawn(
    join(ROOT, 'node_modules/.bin/vite'),
    ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dist],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('vite preview did not start')), 60_000);
    p.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes(`${port}`)) {
        clearTimeout(t);
        resolve(p);
      }
    });
    p.on('exit', (code) => reject(new Error(`vite preview exited (${code})`)));
  });
}

/** Waits until MapLibre has drawn everything it was asked to. */
async function idle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { ecozoneMap: { loaded(): boolean; once(e: string, f: () => void): void } })
          .ecozoneMap;
        if (map.loaded()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/** The JS heap in use in every worker of the browser (the check worker, MapLibre's), after a GC in each. */
async function workerHeaps(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string }[];
  };
  let total = 0;
  let id = 0;
  for (const t of targetInfos.filter((t) => t.type === 'worker')) {
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as {
      sessionId: string;
    };
    const ask = (method: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const mine = ++id;
        const on = (e: { sessionId: string; message: string }) => {
          const m = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
          if (e.sessionId === sessionId && m.id === mine) {
            cdp.off('Target.receivedMessageFromTarget', on);
            resolve(m.result ?? {});
          }
        };
        cdp.on('Target.receivedMessageFromTarget', on);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
      });
    await ask('HeapProfiler.collectGarbage');
    total += Number((await ask('Runtime.getHeapUsage'))['usedSize'] ?? 0);
    await cdp.send('Target.detachFromTarget', { sessionId });
  }
  await cdp.detach();
  return total;
}

/**
 * One 1,000,000-vertex site in a fresh context: imported through the picker, to its verdict, the longest main-thread
 * task meanwhile; then a reload with it in the drafts, to the map shown (loaded), the longest task until then.
 */
async function bigSiteRun(
  browser: Browser,
  url: string,
  file: string,
  capS: number,
): Promise<
  Pick<Figures, 'bigListedMs' | 'bigVerdictMs' | 'bigLongestTaskMs' | 'bigReloadMapMs' | 'bigReloadLongestTaskMs'>
> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as LongTasks;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const tasks = () => page.evaluate(() => (window as unknown as LongTasks).__longTasks);
  const out = {
    bigListedMs: NaN,
    bigVerdictMs: NaN,
    bigLongestTaskMs: NaN,
    bigReloadMapMs: NaN,
    bigReloadLongestTaskMs: NaN,
  };
  try {
    await page.goto(url);
    await page.getByTestId('map').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: 180_000 });
    await idle(page);
    await page.getByRole('tab', { name: /候选地块/ }).click();
    const t0 = await now(page);
    await page.locator('input[type=file]').setInputFiles(file);
    const listed = await page.waitForFunction(
      () => (document.querySelector('[data-testid="site"]') ? performance.now() : false),
      undefined,
      { polling: 'raf', timeout: capS * 1000 },
    );
    out.bigListedMs = ((await listed.jsonValue()) as number) - t0;
    await page.getByRole('tab', { name: '核查结果' }).click();
    const verdict = await page.waitForFunction(
      () => (document.querySelector('[data-testid="result"] [data-testid="verdict"]') ? performance.now() : false),
      undefined,
      { polling: 'raf', timeout: capS * 1000 },
    );
    out.bigVerdictMs = ((await verdict.jsonValue()) as number) - t0;
    await idle(page);
    out.bigLongestTaskMs = longest(await tasks(), t0);
    // Stored (the app writes after listing): then the reload.
    await page.waitForTimeout(2000);
    const r0 = Date.now();
    await page.reload();
    await page.getByTestId('map').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: 60_000 });
    out.bigReloadMapMs = Date.now() - r0;
    await idle(page);
    out.bigReloadLongestTaskMs = longest(await tasks(), 0);
  } catch {
    // Not done within the cap: what was measured stays.
  } finally {
    await context.close();
  }
  return out;
}

async function measure(url: string, dist: string, parcelFile: string, bigFile: string, capS: number): Promise<Figures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...GPU_FLAGS] });

  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // Every response's size, the check worker's included (Playwright reports a dedicated worker's requests with its
    // page's); the JavaScript among them.
    let bytes = 0;
    const jsFiles = new Set<string>();
    context.on('requestfinished', (req) => {
      void req.sizes().then(
        (sz) => (bytes += sz.responseBodySize + sz.responseHeadersSize),
        () => {},
      );
      const path = new URL(req.url()).pathname;
      if (/\.m?js$/.test(path)) jsFiles.add(path);
    });
    // Long tasks from the very start, and the moment control units are first drawn.
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    const unitsDrawnMs = (await (
      await page.waitForFunction(
        () => {
          const m = (
            window as unknown as {
              ecozoneMap?: { getLayer(id: string): unknown; queryRenderedFeatures(o: { layers: string[] }): unknown[] };
            }
          ).ecozoneMap;
          return m?.getLayer('ecu-fill') && m.queryRenderedFeatures({ layers: ['ecu-fill'] }).length > 0
            ? performance.now()
            : false;
        },
        undefined,
        { polling: 'raf', timeout: 120_000 },
      )
    ).jsonValue()) as number;
    await page.getByTestId('map').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: 180_000 });
    await idle(page);
    const loadBytes = bytes;
    const loadJs = [...jsFiles];
    const tasks = () =>
      page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    const longestLoadTaskMs = Math.max(0, ...(await tasks()).map((t) => t.duration));
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const workersMB = (await workerHeaps(browser)) / 2 ** 20;
    // Pan and zoom, as a reviewer looks around.
    const before = (await tasks()).length;
    // (A string: tsx names the functions of a closure with a helper the page does not have.)
    await page.evaluate(`(async () => {
      const m = window.ecozoneMap;
      const moved = () => new Promise((r) => m.once('idle', () => r()));
      for (const [dx, dy] of [[300, 0], [0, 250], [-400, -100]]) {
        m.panBy([dx, dy], { duration: 300 });
        await moved();
      }
      const z = m.getZoom();
      for (const [to, ms] of [[z + 2, 400], [z - 1, 400], [z, 300]]) {
        m.zoomTo(to, { duration: ms });
        await moved();
      }
    })()`);
    const longestPanZoomTaskMs = Math.max(0, ...(await tasks()).slice(before).map((t) => t.duration));
    // A click on the map, to the place answer (此处) naming the clicked coordinates.
    const box = (await page.getByTestId('map').boundingBox())!;
    const at = { x: box.x + box.width * 0.55, y: box.y + box.height * 0.5 };
    const lngLat = await page.evaluate(
      ([x, y]) => {
        const m = (
          window as unknown as { ecozoneMap: { unproject(p: [number, number]): { lng: number; lat: number } } }
        ).ecozoneMap;
        const r = m.unproject([x!, y!]);
        return [r.lng, r.lat];
      },
      [box.width * 0.55, box.height * 0.5],
    );
    const t0 = await page.evaluate(() => performance.now());
    await page.mouse.click(at.x, at.y);
    const clicked = await page.waitForFunction(
      (lng) => {
        const el = document.querySelector('[data-testid="place"] .coords');
        return el?.textContent?.includes(lng) && !document.querySelector('[data-testid="place"] [role="status"]')
          ? performance.now()
          : false;
      },
      lngLat[0]!.toFixed(5),
      { polling: 'raf', timeout: 60_000 },
    );
    const clickToAnswerMs = ((await clicked.jsonValue()) as number) - t0;
    // A 1,000-vertex site (typed, as a drawn one arrives: one geometry), from adding it to its verdict shown.
    const [clng, clat] = lngLat as [number, number];
    const ring = Array.from({ length: 1000 }, (_, k) => {
      const a = (2 * Math.PI * k) / 1000;
      const r = 0.02 * (0.8 + 0.2 * Math.sin(7 * a));
      return `${(clng + r * Math.cos(a)).toFixed(6)}, ${(clat + 0.8 * r * Math.sin(a)).toFixed(6)}`;
    }).join('\n');
    await page.getByRole('tab', { name: /候选地块/ }).click();
    if (!(await page.getByRole('textbox', { name: '输入坐标' }).isVisible()))
      await page.getByTestId('typed-summary').click();
    await page.getByRole('textbox', { name: '输入坐标' }).fill(ring);
    const t1 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: '添加地块' }).click();
    await page.getByRole('tab', { name: '核查结果' }).click();
    const verdict = await page.waitForFunction(
      () => (document.querySelector('[data-testid="result"] [data-testid="verdict"]') ? performance.now() : false),
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const siteVerdictMs = ((await verdict.jsonValue()) as number) - t1;
    const gz = (worker: boolean) =>
      loadJs
        .filter((p) => /worker/.test(p) === worker)
        .reduce((n, p) => {
          const f = join(dist, p);
          return n + (existsSync(f) ? gzipSync(readFileSync(f), { level: 9 }).length : 0);
        }, 0);
    const jsGzip = gz(false);
    const workerJsGzip = gz(true);
    const batch = await parcelBatch(page, cdp, browser, parcelFile, capS);
    await context.close();
    const big = await bigSiteRun(browser, url, bigFile, capS);
    return {
      ...batch,
      ...big,
      unitsDrawnMs,
      bytes: loadBytes,
      jsGzip,
      workerJsGzip,
      heapMB: heap.usedSize / 2 ** 20,
      workersHeapMB: workersMB,
      longestLoadTaskMs,
      longestPanZoomTaskMs,
      clickToAnswerMs,
      siteVerdictMs,
    };
  } finally {
    await browser.close();
  }
}

const now = (page: Page) => page.evaluate(() => performance.now());
const longest = (xs: { start: number; duration: number }[], from: number, to = Infinity) =>
  Math.max(0, ...xs.filter((t) => t.start >= from && t.start < to).map((t) => t.duration));
type LongTasks = { __longTasks: { start: number; duration: number }[] };

/**
 * The reviewer's batch: the parcel file through the picker, listed, checked; then a reload with it in the drafts. An
 * app that is not done within `capS` seconds gets NaN for what it did not finish (printed as "not done").
 */
async function parcelBatch(
  page: Page,
  cdp: CDPSession,
  browser: Browser,
  file: string,
  capS: number,
): Promise<
  Pick<
    Figures,
    | 'parcelFirstSiteMs'
    | 'parcelsDoneMs'
    | 'parcelsLongestTaskMs'
    | 'parcelsHeapMB'
    | 'reloadListedMs'
    | 'reloadLongestTaskMs'
  >
> {
  const expected = PARCELS + 1; // and the 1,000-vertex site
  const tasks = () => page.evaluate(() => (window as unknown as LongTasks).__longTasks);
  await page.getByRole('tab', { name: /候选地块/ }).click();
  const sitesBefore = await page.getByTestId('site').count();
  const t0 = await now(page);
  await page.locator('input[type=file]').setInputFiles(file);
  const deadline = Date.now() + capS * 1000;
  const left = () => Math.max(1000, deadline - Date.now());
  let parcelFirstSiteMs = NaN,
    parcelsDoneMs = NaN,
    parcelsLongestTaskMs = NaN,
    reloadListedMs = NaN,
    reloadLongestTaskMs = NaN;
  try {
    const first = await page.waitForFunction(
      (n) => (document.querySelectorAll('[data-testid="site"]').length > n ? performance.now() : false),
      sitesBefore,
      { polling: 'raf', timeout: left() },
    );
    parcelFirstSiteMs = ((await first.jsonValue()) as number) - t0;
    await page.getByRole('tab', { name: '核查结果' }).click();
    // Done: every site has a verdict and no check is under way (the counts button names them all).
    const done = await page.waitForFunction(
      (n) => {
        const all = document.querySelector('[data-testid="verdict-counts"] button');
        const busy = document.querySelector('[data-testid="check-progress"]');
        return all?.textContent?.includes(String(n)) && !busy ? performance.now() : false;
      },
      expected,
      { polling: 500, timeout: left() },
    );
    parcelsDoneMs = ((await done.jsonValue()) as number) - t0;
    parcelsLongestTaskMs = longest(await tasks(), t0);
  } catch {
    // Not done within the cap: what was measured stays, the rest is NaN.
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  const parcelsHeapMB = (heap + (await workerHeaps(browser))) / 2 ** 20;
  if (Number.isFinite(parcelsDoneMs)) {
    // A reload with the sites in the drafts: long tasks from the new page's start until they are listed.
    await page.reload();
    try {
      await page.getByRole('tab', { name: /候选地块/ }).click({ timeout: 60_000 });
      const listed = await page.waitForFunction(
        (n) =>
          document.querySelector('[data-testid="site-count"]')?.textContent?.includes(String(n))
            ? performance.now()
            : false,
        expected,
        { polling: 'raf', timeout: 120_000 },
      );
      reloadListedMs = (await listed.jsonValue()) as number;
      await page.getByTestId('map').and(page.locator('[data-loaded="true"]')).waitFor({ timeout: 60_000 });
      await idle(page);
      reloadLongestTaskMs = longest(await tasks(), 0);
    } catch {
      // The reload did not list the sites.
    }
  }
  return { parcelFirstSiteMs, parcelsDoneMs, parcelsLongestTaskMs, parcelsHeapMB, reloadListedMs, reloadLongestTaskMs };
}

const fmt = (v: number, unit: string) =>
  !Number.isFinite(v)
    ? 'not done'
    : unit === 'B'
      ? v < 2 ** 20
        ? `${(v / 1024).toFixed(0)} KB`
        : `${(v / 2 ** 20).toFixed(2)} MB`
      : unit === 'MB'
        ? `${v.toFixed(0)} MB`
        : `${v.toFixed(0)} ms`;

/** A production build of the app at `commit` (the baseline), made once in a temporary worktree. */
function baselineDist(commit: string): string {
  const out = join(BENCH_DIR, `app-${commit}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const tree = join(BENCH_DIR, `tree-${commit}`);
  execFileSync('git', ['worktree', 'add', '--force', '--detach', tree, commit], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', out, '--emptyOutDir'], {
      cwd: tree,
      stdio: 'ignore',
    });
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' });
  }
  return out;
}

const dist = join(ROOT, 'dist');
if (!existsSync(join(dist, 'index.html'))) throw new Error('no production build: run npm run build first');
const apps = [
  { name: 'baseline', dist: baselineDist(values.baseline!) },
  { name: 'current', dist },
];
const parcelFile = join(BENCH_DIR, `parcels-${PARCELS}.geojson`);
if (!existsSync(parcelFile)) writeFileSync(parcelFile, JSON.stringify(parcels(PARCELS)));
const bigFile = join(BENCH_DIR, 'site-1m.geojson');
if (!existsSync(bigFile)) writeFileSync(bigFile, JSON.stringify(bigSite()));
let port = 4190;
for (const set of sets) {
  const results: Record<string, Figures[]> = {};
  for (const app of apps) {
    const site = await benchSite(set, app, (s) => console.log(s));
    const server = await serve(site, ++port);
    try {
      results[app.name] = [];
      // Alternating would mix servers' caches; each app's runs in a row, each in a fresh browser.
      for (let r = 0; r < runs; r++)
        results[app.name]!.push(
          await measure(
            `http://127.0.0.1:${port}/`,
            site,
            parcelFile,
            bigFile,
            app.name === 'baseline' ? Number(values['baseline-cap']) : 600,
          ),
        );
    } finally {
      server.kill();
    }
  }
  const manifest = JSON.parse(readFileSync(join(BENCH_DIR, set, 'data/manifest.json'), 'utf8')) as {
    layers: { id: string; built: { features: number; bytes: number; tiles?: { bytes: number } } }[];
  };
  const ecu = manifest.layers.find((l) => l.id === 'ecu')!;
  console.log(
    `\n${set}: ${ecu.built.features.toLocaleString('en')} control units; ecu.fgb ${(ecu.built.bytes / 2 ** 20).toFixed(1)} MB, ecu.pmtiles ${((ecu.built.tiles?.bytes ?? 0) / 2 ** 20).toFixed(1)} MB; medians of ${runs} runs; baseline = ${values.baseline}`,
  );
  console.log(
    'figure'.padEnd(44),
    'baseline'.padStart(10),
    'current'.padStart(10),
    'target'.padStart(10),
    '  current/target',
  );
  const median = (app: string, k: keyof Figures) =>
    // A figure not reached (NaN) counts as the worst.
    [...results[app]!.map((f) => (Number.isNaN(f[k]) ? Infinity : f[k]))].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  for (const k of Object.keys(TARGETS) as (keyof Figures)[]) {
    const { target, unit, label } = TARGETS[k];
    const v = median('current', k);
    console.log(
      label.padEnd(44),
      fmt(median('baseline', k), unit).padStart(10),
      fmt(v, unit).padStart(10),
      (Number.isFinite(target) ? fmt(target, unit) : '—').padStart(10),
      Number.isFinite(target) ? `  ${(v / target).toFixed(2)}${v <= target ? '' : '  NOT MET'}` : '',
    );
  }
}
