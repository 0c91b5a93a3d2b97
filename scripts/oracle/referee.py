#!/usr/bin/python3
"""Referee for pairs where the engine and the GEOS oracle disagree: the oracle's own measures, without its rounding luck.

Usage: /usr/bin/python3 referee.py ZONES.geojson SITES.geojson PAIRS.json > answers.json
PAIRS.json: a list of [site id, zone id]. Prints, for each pair, the answer the oracle (../shared/oracle) would give if
its result did not depend on where floating-point rounding happens to fall:

- relation and overlap area: GEOS on both geometries translated to an origin near the site. The translation is
  exact (Sterbenz: every coordinate lies within a factor of two of the origin's), so the geometries are the same,
  but GEOS computes with about a thousand times finer steps, and its overlay no longer snaps where the untranslated
  run did. Areas are measured back at the true position with the oracle's own ellipsoidal area.
- shared length of two polygons (the length their boundaries abut along): GEOS, when its floating-point noding
  fails, snaps boundaries within a 1e-12 part of the coordinates' magnitude together and then counts them as shared;
  when it does not fail, it counts only exactly collinear edges. The same parcel cut in a GIS gets either answer. The
  referee applies the snapping everywhere: the length of the site's boundary that runs within that distance of the
  zone's boundary, parallel to it (within 1e-8 rad), with the two interiors on opposite sides, measured with the
  oracle's ellipsoidal length.
- length of a line site inside a zone: GEOS in the translated frame, like the areas.
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/oracle"))
from geos_oracle import area_m2, length_m  # noqa: E402
from shapely.geometry import LineString, shape  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402
from shapely.ops import transform, unary_union  # noqa: E402
from shapely.strtree import STRtree  # noqa: E402

PARALLEL_SINE = 1e-8


def edges(g):
    """Directed boundary edges with the interior on their left."""
    for p in g.geoms if g.geom_type == "MultiPolygon" else [g]:
        p = orient(p, 1.0)
        for r in [p.exterior, *p.interiors]:
            c = list(r.coords)
            for i in range(len(c) - 1):
                if c[i] != c[i + 1]:
                    yield c[i], c[i + 1]


def frame(site, zone):
    """An origin near the site such that subtracting it is exact for every coordinate of both (or None)."""
    c = site.centroid
    x0, y0 = round(c.x * 1024) / 1024, round(c.y * 1024) / 1024
    minx = min(site.bounds[0], zone.bounds[0])
    miny = min(site.bounds[1], zone.bounds[1])
    maxx = max(site.bounds[2], zone.bounds[2])
    maxy = max(site.bounds[3], zone.bounds[3])
    ok = all(o > 0 and o / 2 <= lo and hi <= 2 * o for o, lo, hi in ((x0, minx, maxx), (y0, miny, maxy)))
    return (x0, y0) if ok else None


def abutting_m(site, zone, to_local, to_world):
    minx, miny, maxx, maxy = zone.bounds
    delta = 1e-12 * (1 + max(abs(minx), abs(maxx)) + max(abs(miny), abs(maxy)))
    zl = [to_local(LineString(e)) for e in edges(zone)]
    tree = STRtree(zl)
    total = 0.0
    for e in edges(site):
        s = to_local(LineString(e))
        (ax, ay), (bx, by) = s.coords
        parts = []
        for z in tree.query(s.buffer(2 * delta)):
            (cx, cy), (dx, dy) = z.coords
            if (bx - ax) * (dx - cx) + (by - ay) * (dy - cy) >= 0:
                continue  # the same direction: both interiors on one side
            if abs((bx - ax) * (dy - cy) - (by - ay) * (dx - cx)) > PARALLEL_SINE * math.hypot(bx - ax, by - ay) * math.hypot(dx - cx, dy - cy):
                continue  # meeting at an angle, not running along
            piece = s.intersection(z.buffer(delta, cap_style=2))
            if not piece.is_empty and piece.length > 0:
                parts.append(piece)
        if parts:
            total += length_m(to_world(unary_union(parts)))
    return total


def judge(site, zone):
    origin = frame(site, zone)
    if origin is None:
        return None
    x0, y0 = origin
    to_local = lambda g: transform(lambda x, y, z=None: (x - x0, y - y0), g)  # noqa: E731
    to_world = lambda g: transform(lambda x, y, z=None: (x + x0, y + y0), g)  # noqa: E731
    polygonal = site.geom_type in ("Polygon", "MultiPolygon")
    s, z = to_local(site), to_local(zone)
    if polygonal:
        s = s.buffer(0)
    if not s.intersects(z):
        # Apart, perhaps by an ulp: a polygon may still run along the zone within the snapping distance.
        length = round(abutting_m(site, zone, to_local, to_world), 3) if polygonal else 0.0
        return {"relation": None, "overlap_m2": 0.0, "length_in_m": length}
    inter = s.intersection(z)
    rel = "inside" if s.within(z) else "overlaps" if s.relate_pattern(z, "T********") else "touches"
    if polygonal:
        return {"relation": rel, "overlap_m2": round(area_m2(to_world(inter)), 3), "length_in_m": round(abutting_m(site, zone, to_local, to_world), 3)}
    return {"relation": rel, "overlap_m2": 0.0, "length_in_m": round(length_m(to_world(inter)), 3)}


def main():
    zones_fc, sites_fc, pairs = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
    zones = {str(f["properties"]["id"]): shape(f["geometry"]).buffer(0) for f in zones_fc["features"]}
    sites = {str(f["properties"]["id"]): shape(f["geometry"]) for f in sites_fc["features"]}
    out = []
    for sid, zid in pairs:
        answer = judge(sites[sid], zones[zid])
        out.append({"site": sid, "zone": zid, "answer": answer})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    import warnings

    warnings.filterwarnings("ignore")
    main()
