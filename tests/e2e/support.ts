// Browser-test support: the app opened with every non-local request refused, as on a machine with no network.
import { expect, type Page } from '@playwright/test';

export interface Offline {
  /** Hosts the page tried to reach beyond this machine. */
  external: string[];
  errors: string[];
}

export async function openOffline(page: Page, hash = ''): Promise<Offline> {
  const seen: Offline = { external: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      url.hostname === '127.0.0.1' ||
      url.hostname === 'localhost' ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:'
    )
      return route.fallback(); // a test's own earlier route, if any, then the network
    seen.external.push(url.hostname);
    return route.abort('internetdisconnected');
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
  await waitIdle(page);
  return seen;
}

/** Waits until MapLibre has drawn everything it was asked to. */
export async function waitIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (
          window as unknown as {
            ecozoneMap: { loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void };
          }
        ).ecozoneMap;
        if (map.loaded()) resolve();
        else map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** How many features of a manifest layer are drawn in the current view. */
export async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const map = (
      window as unknown as {
        ecozoneMap: { getLayer(id: string): unknown; queryRenderedFeatures(o: { layers: string[] }): unknown[] };
      }
    ).ecozoneMap;
    return map.getLayer(`${id}-fill`) ? map.queryRenderedFeatures({ layers: [`${id}-fill`] }).length : 0;
  }, layerId);
}

/** Screen position of a lon/lat on the map canvas, in page coordinates. */
export async function screenOf(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('map').locator('canvas').boundingBox())!;
  const p = await page.evaluate(
    (ll) =>
      (
        window as unknown as { ecozoneMap: { project(ll: [number, number]): { x: number; y: number } } }
      ).ecozoneMap.project(ll),
    lonLat,
  );
  return { x: box.x + p.x, y: box.y + p.y };
}
