// How candidate sites are drawn on the map: a bold magenta outline and fill, distinct from every zoning class.

import type { LayerSpecification } from 'maplibre-gl';

export const SITES_SOURCE = 'candidate-sites';
const COLOR = '#c51b7d';

export const siteLayers: LayerSpecification[] = [
  {
    id: 'sites-fill',
    type: 'fill',
    source: SITES_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': COLOR, 'fill-opacity': 0.18 },
  },
  {
    id: 'sites-line',
    type: 'line',
    source: SITES_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
  },
  {
    id: 'sites-point',
    type: 'circle',
    source: SITES_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': COLOR, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  },
];

export const OVERLAPS_SOURCE = 'check-overlaps';

/** The parts of a site that fall in zoning features, drawn over everything while its result is open. */
export const overlapLayers: LayerSpecification[] = [
  {
    id: 'overlaps-fill',
    type: 'fill',
    source: OVERLAPS_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': '#ff3d00', 'fill-opacity': 0.45 },
  },
  {
    id: 'overlaps-line',
    type: 'line',
    source: OVERLAPS_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': '#bf360c', 'line-width': 3 },
  },
  {
    id: 'overlaps-point',
    type: 'circle',
    source: OVERLAPS_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': '#ff3d00', 'circle-radius': 8, 'circle-stroke-color': '#000', 'circle-stroke-width': 1 },
  },
];

export const FOCUS_SOURCE = 'public-focus';

/** The protected area whose page is open (a dark outline with a white casing) and the place asked about (a ringed dot). */
export const focusLayers: LayerSpecification[] = [
  {
    id: 'focus-casing',
    type: 'line',
    source: FOCUS_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': '#ffffff', 'line-width': 6 },
  },
  {
    id: 'focus-line',
    type: 'line',
    source: FOCUS_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': '#08306b', 'line-width': 3 },
  },
  {
    id: 'focus-point',
    type: 'circle',
    source: FOCUS_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': '#08306b',
      'circle-radius': 7,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 3,
    },
  },
];
