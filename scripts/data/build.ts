// The data build: validates every source layer and writes FlatGeobuf (for checks) and PMTiles vector tiles (for drawing)
// plus the built manifest.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import bbox from '@turf/bbox';
import type { BuiltManifest } from '../../src/lib/layers/manifest';
import { checkManifest } from '../../src/lib/layers/checkManifest';
import { formatIssue, validateLayer } from '../../src/lib/layers/validateLayer';
import { toFlatGeobuf } from '../../src/lib/layers/toFlatGeobuf';
import { loadLayerSource, readBuildManifest, SourceError } from './sources';
import { readRules, UserError } from '../../src/cli/readData';
import type { ProjectType, RuleFile } from '../../src/lib/rules/model';
import { checkRules } from '../../src/lib/rules/checkRules';
import { buildSearchIndex } from './searchIndex';
import { checkIndicators, type IndicatorFile } from '../../src/lib/indicators/indicators';
import { readFileSync } from 'node:fs';
import { layerTiles } from '../../src/lib/layers/vectorTiles';
import { BLOCK_SIZE, blockSums } from '../../src/lib/layers/blockSource';

export interface BuildResult {
  ok: boolean;
  /** Every line the build printed: progress, warnings and errors. */
  log: string[];
  errors: string[];
  manifest?: BuiltManifest;
}

/**
 * Builds `root`'s data/layers.json into `outDir`, with the official layers imported into `localDir` (if given) in place
 * of the demo ones; the manifest is written only when every layer is valid.
 */
export async function buildData(
  root: string,
  outDir: string,
  now: Date = new Date(),
  localDir?: string,
): Promise<BuildResult> {
  const log: string[] = [];
  const errors: string[] = [];
  const fail = (line: string) => {
    errors.push(line);
    log.push(line);
  };
  let manifest;
  try {
    const read = readBuildManifest(root, localDir);
    manifest = read.manifest;
    if (read.local.length) log.push(`official layers from ${localDir}: ${read.local.join(', ')}`);
  } catch (e) {
    fail(`ERROR ${(e as Error).message}`);
    return { ok: false, log, errors };
  }
  for (const p of checkManifest(manifest)) fail(`ERROR data/layers.json: ${p}`);
  if (errors.length) return { ok: false, log, errors };
  const rulesDir = join(root, 'data/rules');
  let rules: { files: RuleFile[]; types: ProjectType[] } = { files: [], types: [] };
  if (!existsSync(rulesDir)) log.push('no data/rules folder: the layers carry no access-list rules');
  else
    try {
      rules = readRules(rulesDir);
      for (const p of checkRules(rules.files, rules.types, manifest)) fail(`ERROR data/rules: ${p}`);
      log.push(
        `rules: ${rules.files.reduce((n, f) => n + f.rules.length, 0)} in ${rules.files.length} files, ${rules.types.length} project types`,
      );
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      fail(`ERROR data/rules: ${e.message}`);
    }

  mkdirSync(outDir, { recursive: true });
  const built: BuiltManifest['layers'] = [];
  const collections: Parameters<typeof buildSearchIndex>[0] = [];
  for (const spec of manifest.layers) {
    let source: Awaited<ReturnType<typeof loadLayerSource>>;
    try {
      source = await loadLayerSource(spec, root);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      fail(`ERROR ${spec.id}: ${e.message}`);
      continue;
    }
    const { data, file, notes } = source;
    for (const n of notes) log.push(`  ${spec.id}: datum of ${n}`);
    const issues = validateLayer(spec, data, manifest.bounds);
    for (const i of issues) (i.severity === 'error' ? fail : (l: string) => log.push(l))(formatIssue(i, file));
    if (issues.some((i) => i.severity === 'error')) continue;
    const fc = data as FeatureCollection;
    collections.push({ spec, fc });
    // With its packed Hilbert R-tree, so that the check worker reads only the features near a site, and the block
    // checksums it checks each part it reads against.
    const bytes = toFlatGeobuf(spec, fc, { index: true });
    const name = `${spec.id}.fgb`;
    writeFileSync(join(outDir, name), bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const sums = await blockSums(bytes);
    writeFileSync(join(outDir, `${name}.sums`), sums);
    const box = bbox(fc).map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
    // The map draws from vector tiles; only the check worker reads the FlatGeobuf.
    const tiles = layerTiles(spec, fc);
    const tilesFile = `${spec.id}.pmtiles`;
    writeFileSync(join(outDir, tilesFile), tiles.bytes);
    built.push({
      ...spec,
      built: {
        file: name,
        features: fc.features.length,
        bytes: bytes.length,
        sha256,
        bbox: box,
        tiles: { file: tilesFile, bytes: tiles.bytes.length, minzoom: tiles.minzoom, maxzoom: tiles.maxzoom },
        sums: {
          file: `${name}.sums`,
          blockSize: BLOCK_SIZE,
          sha256: createHash('sha256').update(sums).digest('hex'),
        },
      },
    });
    log.push(
      `${spec.id}: ${fc.features.length} features, ${bytes.length} bytes → ${name}; ${tiles.tiles} tiles z${tiles.minzoom}–${tiles.maxzoom}, ${tiles.bytes.length} bytes → ${tilesFile}`,
    );
  }
  if (errors.length) {
    log.push(`data build failed: ${errors.length} error(s); the manifest was not written`);
    return { ok: false, log, errors };
  }
  // The app's check worker loads the access list as one file, verified like the layers.
  const rulesBytes = new TextEncoder().encode(JSON.stringify(rules));
  writeFileSync(join(outDir, 'rules.json'), rulesBytes);
  const rulesInfo = {
    file: 'rules.json',
    sha256: createHash('sha256').update(rulesBytes).digest('hex'),
    rules: rules.files.reduce((n, f) => n + f.rules.length, 0),
    types: rules.types.length,
  };
  // The search index: zones, districts and townships, with pinyin.
  const searchBytes = new TextEncoder().encode(JSON.stringify(buildSearchIndex(collections, manifest.version)));
  writeFileSync(join(outDir, 'search.json'), searchBytes);
  const searchInfo = {
    file: 'search.json',
    sha256: createHash('sha256').update(searchBytes).digest('hex'),
    bytes: searchBytes.length,
  };
  log.push(`search.json: ${searchBytes.length} bytes`);
  // The plans' targets, checked and passed on as they are.
  let indicatorsInfo: BuiltManifest['indicators'];
  const indicatorsPath = join(root, 'data/indicators.json');
  if (existsSync(indicatorsPath)) {
    const text = readFileSync(indicatorsPath, 'utf8');
    let parsed: IndicatorFile | null = null;
    try {
      parsed = JSON.parse(text) as IndicatorFile;
    } catch (e) {
      fail(`ERROR data/indicators.json: ${(e as Error).message}`);
    }
    const problems = parsed ? checkIndicators(parsed) : [];
    for (const p of problems) fail(`ERROR data/indicators.json: ${p}`);
    if (parsed && !problems.length) {
      const bytes = new TextEncoder().encode(JSON.stringify(parsed));
      writeFileSync(join(outDir, 'indicators.json'), bytes);
      indicatorsInfo = {
        file: 'indicators.json',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        count: parsed.indicators.length,
      };
      log.push(`indicators.json: ${parsed.indicators.length} indicators`);
    }
  }
  if (errors.length) return { ok: false, log, errors };
  const out: BuiltManifest = {
    ...manifest,
    builtAt: now.toISOString(),
    layers: built,
    rules: rulesInfo,
    search: searchInfo,
    ...(indicatorsInfo ? { indicators: indicatorsInfo } : {}),
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(out, null, 1));
  log.push(`wrote manifest.json (${built.length} layers, data version ${manifest.version})`);
  return { ok: true, log, errors, manifest: out };
}
