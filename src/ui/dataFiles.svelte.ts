// The built data files beside the layers: the search index (at start) and the targets (when their tab first opens),
// each verified against the manifest's checksum like the layers.

import type { IndicatorFile } from '../lib/indicators/indicators';
import { t } from '../lib/i18n/messages';
import type { BuiltManifest, Lang } from '../lib/layers/manifest';
import { fetchVerifiedJson } from '../lib/layers/fetchVerified';
import type { SearchEntry, SearchIndex } from '../lib/search/search';

export const dataUrl = (file: string): string => `${import.meta.env.BASE_URL}data/${file}`;

export class DataFiles {
  searchEntries = $state.raw<SearchEntry[]>([]);
  indicators = $state.raw<IndicatorFile | null>(null);
  indicatorsError = $state<string | null>(null);
  private indicatorsAsked = false;

  /** Without the search index the box still reads coordinates. */
  async loadSearch(m: BuiltManifest): Promise<void> {
    if (!m.search) return;
    try {
      this.searchEntries = (await fetchVerifiedJson<SearchIndex>(dataUrl(m.search.file), m.search.sha256)).entries;
    } catch {
      this.searchEntries = [];
    }
  }

  /** Loads the targets once; a missing or failed file is said in words. */
  async loadIndicators(m: BuiltManifest, lang: Lang): Promise<void> {
    if (this.indicatorsAsked) return;
    this.indicatorsAsked = true;
    if (!m.indicators) {
      this.indicatorsError = t('dashMissing', lang);
      return;
    }
    try {
      this.indicators = await fetchVerifiedJson<IndicatorFile>(dataUrl(m.indicators.file), m.indicators.sha256);
    } catch (e) {
      this.indicatorsError = t('dashFailed', lang, { error: (e as Error).message });
    }
  }
}
