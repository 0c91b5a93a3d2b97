// Choices the site panel offers: drawing tools and the coordinate systems a planner's data comes in.

export const CRS_CHOICES: { value: string; label: string }[] = [
  { value: 'EPSG:4490', label: 'CGCS2000 经纬度 (EPSG:4490)' },
  { value: 'EPSG:4526', label: 'CGCS2000 3°带 38 带带号 (EPSG:4526)' },
  { value: 'EPSG:4547', label: 'CGCS2000 3°带 CM114E (EPSG:4547)' },
  { value: 'EPSG:4525', label: 'CGCS2000 3°带 37 带带号 (EPSG:4525)' },
  { value: 'EPSG:4546', label: 'CGCS2000 3°带 CM111E (EPSG:4546)' },
  { value: 'EPSG:4497', label: 'CGCS2000 6°带 19 带带号 (EPSG:4497)' },
  { value: 'EPSG:4508', label: 'CGCS2000 6°带 CM111E (EPSG:4508)' },
  { value: 'EPSG:4326', label: 'WGS 84 (EPSG:4326)' },
  { value: 'gcj02', label: 'GCJ-02（高德/腾讯）' },
  { value: 'bd09', label: 'BD-09（百度）' },
];
