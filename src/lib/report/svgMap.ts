// The report map as SVG: the marks of its layout (mapLayout.ts) written out, nothing decided here. The printable page
// shows it; the PNG of the Word chapter is rasterized from it (mapPng.ts).

import { escapeHtml } from '../text/escapeHtml';
import type { MapLayout, Mark, Paint } from './mapLayout';

/** The font the map's text asks for; the PNG rasterizer is given this family, a browser falls back to sans-serif. */
export const MAP_FONT = 'Noto Sans SC';

const num = (n: number) => String(Math.round(n * 100) / 100);

function paint(p: Paint): string {
  const a = [
    `fill="${p.fill ? escapeHtml(p.fill) : 'none'}"`,
    p.fill && p.fillOpacity !== undefined ? `fill-opacity="${p.fillOpacity}"` : '',
    p.stroke ? `stroke="${escapeHtml(p.stroke)}" stroke-width="${p.strokeWidth ?? 1}"` : '',
    p.stroke && p.dash ? `stroke-dasharray="${p.dash.join(' ')}"` : '',
    p.rule ? `fill-rule="${p.rule}"` : '',
  ];
  return a.filter(Boolean).join(' ');
}

function mark(m: Mark): string {
  switch (m.type) {
    case 'path': {
      if (!m.d) return '';
      const at = m.at[0] || m.at[1] ? ` transform="translate(${num(m.at[0])},${num(m.at[1])})"` : '';
      return `<path d="${m.d}"${at} ${paint(m)}/>`;
    }
    case 'rect':
      return `<rect x="${num(m.x)}" y="${num(m.y)}" width="${num(m.w)}" height="${num(m.h)}" ${paint(m)}/>`;
    case 'circle':
      return `<circle cx="${num(m.cx)}" cy="${num(m.cy)}" r="${num(m.r)}" ${paint(m)}/>`;
    case 'text':
      return `<text x="${num(m.x)}" y="${num(m.y)}" font-size="${m.size}"${m.anchor === 'start' ? '' : ` text-anchor="${m.anchor}"`}${m.bold ? ' font-weight="bold"' : ''}>${escapeHtml(m.text)}</text>`;
  }
}

export function svgMap(f: MapLayout): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="'${MAP_FONT}', sans-serif" font-size="12" fill="#222" role="img" aria-label="${escapeHtml(f.title)}">`,
    `<defs><clipPath id="frame"><rect width="${f.width}" height="${f.mapH}"/></clipPath></defs>`,
    `<rect width="${f.width}" height="${f.height}" fill="#ffffff"/>`,
  ];
  // Runs of clipped marks share one clipped group.
  let clipped = false;
  for (const m of f.marks) {
    const clip = m.type !== 'text' && m.clip;
    if (clip !== clipped) out.push(clip ? `<g clip-path="url(#frame)">` : `</g>`);
    clipped = clip;
    out.push(mark(m));
  }
  if (clipped) out.push('</g>');
  out.push('</svg>');
  return out.join('');
}
