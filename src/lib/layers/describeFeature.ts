// What the place panel says about one feature: its layer, name, class, listed attributes and provenance, as HTML with every data text escaped.

import type { Lang, LayerSpec } from './manifest';
import { escapeHtml } from '../text/escapeHtml';
import { t } from '../i18n/messages';

type Props = Record<string, unknown>;

/** The style class a feature falls in (its legend entry). */
export function classOf(spec: LayerSpec, props: Props) {
  const field = spec.style.classField;
  return field ? spec.style.classes.find((c) => c.value === props[field]) : spec.style.classes[0];
}

export function featureName(spec: LayerSpec, props: Props, lang: Lang): string {
  const zh = props[spec.nameField];
  const en = props['name_en'];
  return String(lang === 'en' && typeof en === 'string' && en ? en : (zh ?? props[spec.idField] ?? ''));
}

/** One popup section for a feature. */
export function featureHtml(spec: LayerSpec, props: Props, lang: Lang): string {
  const cls = classOf(spec, props);
  const rows = spec.attributes
    .filter((a) => a.popup && props[a.name] !== undefined && props[a.name] !== null && props[a.name] !== '')
    .map((a) => `<tr><th scope="row">${escapeHtml(a.title[lang])}</th><td>${escapeHtml(props[a.name])}</td></tr>`)
    .join('');
  const p = spec.provenance;
  const badge = isIllustrative(spec, props)
    ? `<span class="badge badge-illustrative">${escapeHtml(t('illustrativeBadge', lang))}</span>`
    : `<span class="badge badge-official">${escapeHtml(t('officialBadge', lang))}</span>`;
  const note = props['source_note']
    ? `<p class="source-note"><b>${escapeHtml(t('sourceNote', lang))}:</b> ${escapeHtml(props['source_note'])}</p>`
    : '';
  return [
    `<section class="feature" data-layer="${escapeHtml(spec.id)}">`,
    `<header><span class="layer-title">${escapeHtml(spec.title[lang])}</span>${badge}</header>`,
    `<h3>${escapeHtml(featureName(spec, props, lang))}</h3>`,
    cls && spec.style.classField
      ? `<p class="class"><span class="swatch" style="background:${escapeHtml(cls.color)}"></span>${escapeHtml(cls.label[lang])}</p>`
      : '',
    rows ? `<table>${rows}</table>` : '',
    note,
    `<footer><b>${escapeHtml(t('provenance', lang))}:</b> ${escapeHtml(p.source[lang])}; ${escapeHtml(t('version', lang))} ${escapeHtml(p.version)}; ${escapeHtml(t('licence', lang))} ${escapeHtml(p.licence)}. ${escapeHtml(p.note[lang])}</footer>`,
    `</section>`,
  ].join('');
}

export function isIllustrative(spec: LayerSpec, props: Props): boolean {
  return spec.provenance.status !== 'official' || props['status'] !== 'official';
}
