// The one message catalogue: every user-facing string of the app in Chinese and English.

import type { Lang } from '../layers/manifest';

export const messages = {
  appTitle: { zh: '生态空间管控一张图', en: 'Eco-Zoning Map' },
  appSubtitle: { zh: '郑州市 · 济源市', en: 'Zhengzhou · Jiyuan' },
  illustrativeNotice: {
    zh: '示意数据：图上管控单元、红线、保护区、水源保护区和廊道为本项目据规划文本绘制，非官方成果，不作审批依据。',
    en: 'Illustrative data (示意): the control units, red lines, reserves, water-source zones and corridors shown were drawn by this project from the plans; they are not official and are no basis for approval.',
  },
  illustrativeBadge: { zh: '示意数据', en: 'Illustrative data' },
  officialBadge: { zh: '官方数据', en: 'Official data' },
  layers: { zh: '图层', en: 'Layers' },
  legend: { zh: '图例', en: 'Legend' },
  opacity: { zh: '透明度', en: 'Opacity' },
  showLayer: { zh: '显示 {name}', en: 'Show {name}' },
  opacityOf: { zh: '{name} 不透明度', en: '{name} opacity' },
  featureCount: { zh: '{n} 个要素', en: '{n} features' },
  layerFailed: { zh: '图层加载失败：{name}', en: 'Layer failed to load: {name}' },
  manifestFailed: { zh: '图层清单加载失败，地图无法显示数据：{error}', en: 'The layer manifest failed to load; no data can be shown: {error}' },
  loading: { zh: '正在加载图层…', en: 'Loading layers…' },
  language: { zh: '语言', en: 'Language' },
  switchLanguage: { zh: 'English', en: '中文' },
  switchLanguageLabel: { zh: '切换到英文界面', en: 'Switch to Chinese' },
  basemap: { zh: '底图', en: 'Base map' },
  basemapNone: { zh: '无底图（离线）', en: 'None (offline)' },
  basemapOsm: { zh: 'OpenStreetMap', en: 'OpenStreetMap' },
  basemapTianditu: { zh: '天地图矢量', en: 'Tianditu vector' },
  basemapNeedsKey: { zh: '天地图需要密钥（tk）', en: 'Tianditu needs a key (tk)' },
  tiandituKey: { zh: '天地图密钥', en: 'Tianditu key' },
  basemapFailed: { zh: '在线底图加载失败（可能无网络），已保留离线底图。', en: 'The online base map failed to load (no network?); the offline base remains.' },
  cursor: { zh: '经纬度', en: 'Lon/lat' },
  cursorHint: { zh: '移动鼠标查看坐标', en: 'Move the pointer to read coordinates' },
  popupTitle: { zh: '此处的管控要素', en: 'Zoning at this point' },
  popupNone: { zh: '此处无管控要素', en: 'No zoning feature here' },
  provenance: { zh: '数据来源', en: 'Source' },
  version: { zh: '版本', en: 'Version' },
  licence: { zh: '许可', en: 'Licence' },
  date: { zh: '日期', en: 'Date' },
  sourceNote: { zh: '绘制依据', en: 'Placed from' },
  classLabel: { zh: '类别', en: 'Class' },
  close: { zh: '关闭', en: 'Close' },
  dataVersion: { zh: '数据版本 {version}', en: 'Data version {version}' },
  layerPanelToggle: { zh: '图层面板', en: 'Layer panel' },
  crs: { zh: 'WGS84 / CGCS2000', en: 'WGS84 / CGCS2000' },
  layerSource: { zh: '来源与版本', en: 'Source and version' },
  mapZoomIn: { zh: '放大', en: 'Zoom in' },
  mapZoomOut: { zh: '缩小', en: 'Zoom out' },
  mapResetBearing: { zh: '拖动旋转地图，单击恢复正北', en: 'Drag to rotate map, click to reset north' },
  mapCanvas: { zh: '地图', en: 'Map' },
  mapClosePopup: { zh: '关闭弹窗', en: 'Close popup' },
  mapToggleAttribution: { zh: '显示或隐藏数据来源', en: 'Toggle attribution' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof messages;

/** MapLibre's own UI strings (control tooltips, popup close button) from this catalogue. */
export function mapLocale(lang: Lang): Record<string, string> {
  return {
    'NavigationControl.ZoomIn': t('mapZoomIn', lang),
    'NavigationControl.ZoomOut': t('mapZoomOut', lang),
    'NavigationControl.ResetBearing': t('mapResetBearing', lang),
    'Map.Title': t('mapCanvas', lang),
    'Popup.Close': t('mapClosePopup', lang),
    'AttributionControl.ToggleAttribution': t('mapToggleAttribution', lang),
    'ScaleControl.Kilometers': lang === 'zh' ? '公里' : 'km',
    'ScaleControl.Meters': lang === 'zh' ? '米' : 'm',
  };
}

/** The message in the given language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return messages[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
