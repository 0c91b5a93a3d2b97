// Turns a manifest layer's style into MapLibre style layers (fill, hatch and outline), with the legend's colours.

import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { LayerSpec } from '../lib/layers/manifest';
import { patternName } from './patterns';

export const fillId = (id: string) => `${id}-fill`;
export const hatchId = (id: string) => `${id}-hatch`;
export const lineId = (id: string) => `${id}-line`;

function byClass<T extends string>(
  spec: LayerSpec,
  pick: (c: LayerSpec['style']['classes'][number]) => T,
): ExpressionSpecification | T {
  const { classField, classes } = spec.style;
  if (!classField || classes.length === 1) return pick(classes[0]!);
  const cases = classes.flatMap((c) => [c.value, pick(c)]);
  return [
    'match',
    ['get', classField],
    ...cases,
    pick(classes[classes.length - 1]!),
  ] as unknown as ExpressionSpecification;
}

/**
 * The MapLibre layers for one manifest layer, bottom to top, at the given user opacity (0–1); `sourceLayer` names the
 * vector layer when the source is vector tiles.
 */
export function styleLayers(
  spec: LayerSpec,
  opacity: number,
  visible: boolean,
  sourceLayer?: string,
): LayerSpecification[] {
  const from = sourceLayer ? { 'source-layer': sourceLayer } : {};
  const visibility = visible ? 'visible' : 'none';
  const st = spec.style;
  const layers: LayerSpecification[] = [
    {
      // Line layers keep an invisible fill so a click inside an outline still finds the feature.
      id: fillId(spec.id),
      type: 'fill',
      source: spec.id,
      ...from,
      layout: { visibility },
      paint: {
        'fill-color': byClass(spec, (c) => c.color),
        'fill-opacity': st.kind === 'fill' ? st.fillOpacity * opacity : 0,
      },
    },
  ];
  if (st.kind === 'fill' && st.classes.some((c) => c.pattern && c.pattern !== 'none')) {
    layers.push({
      id: hatchId(spec.id),
      type: 'fill',
      source: spec.id,
      ...from,
      layout: { visibility },
      filter: st.classField
        ? [
            'in',
            ['get', st.classField],
            ['literal', st.classes.filter((c) => c.pattern && c.pattern !== 'none').map((c) => c.value)],
          ]
        : ['literal', true],
      paint: {
        'fill-pattern': byClass(spec, (c) => patternName(spec.id, c.value)),
        'fill-opacity': Math.min(1, opacity * 0.9),
      },
    });
  }
  layers.push({
    id: lineId(spec.id),
    type: 'line',
    source: spec.id,
    ...from,
    layout: { visibility, 'line-join': 'round' },
    paint: {
      'line-color': st.lineColor,
      'line-width': st.lineWidth,
      'line-opacity': opacity,
      ...(st.lineDash ? { 'line-dasharray': st.lineDash } : {}),
    },
  });
  return layers;
}
