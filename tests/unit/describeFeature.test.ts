// A feature's details (place panel): data text is escaped, the illustrative badge and provenance are always there, both languages work.
import { describe, expect, it } from 'vitest';
import { featureHtml } from '../../src/lib/layers/describeFeature';
import { readManifest } from '../../scripts/data/sources';

const manifest = readManifest();
const ecu = manifest.layers.find((l) => l.id === 'ecu')!;
const props = {
  HJZHGKDYBM: 'ZH41010510001',
  HJZHGKDYMC: '<img src=x onerror=alert(1)>',
  ZHGKDYFL: 1,
  SHI: '郑州市',
  XIAN: '金水区',
  KJBJYS: '禁止<b>开发</b>',
  PWWPFGK: 'p',
  HJFXFK: 'h',
  ZYKFXLYQ: 'z',
  status: 'illustrative',
  source_note: '[000 L108] "quoted"',
};

describe('featureHtml', () => {
  it('escapes every text from data', () => {
    const html = featureHtml(ecu, props, 'zh');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('禁止&lt;b&gt;开发&lt;/b&gt;');
    expect(html).toContain('&quot;quoted&quot;');
  });
  it('shows the class, requirements, provenance and the illustrative notice', () => {
    const html = featureHtml(ecu, props, 'zh');
    expect(html).toContain('优先保护单元');
    expect(html).toContain('空间布局约束');
    expect(html).toContain('示意数据');
    expect(html).toContain(ecu.provenance.version);
    expect(html).toContain('[000 L108]');
  });
  it('speaks English when asked', () => {
    const html = featureHtml(ecu, props, 'en');
    expect(html).toContain('Priority protection unit');
    expect(html).toContain('Illustrative data');
    expect(html).toContain('Spatial layout constraints');
  });
  it('drops the illustrative badge only when the layer and feature are both official', () => {
    const official = { ...ecu, provenance: { ...ecu.provenance, status: 'official' as const } };
    expect(featureHtml(official, { ...props, status: 'official' }, 'zh')).not.toContain('badge-illustrative');
    expect(featureHtml(official, props, 'zh')).toContain('badge-illustrative');
  });
});
