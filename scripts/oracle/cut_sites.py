#!/usr/bin/python3
"""Sites cut from zones the way GIS users cut parcels, with GEOS (shapely), for the oracle comparison.

Usage: /usr/bin/python3 cut_sites.py ZONES.geojson N SEED [PREFIX] > sites.geojson

Every site shares boundary with a zone, exactly as GEOS computes it (new vertices a few ulp off the
zone's edges): a zone cut by a circle or a box, a union of neighbouring zones cut by a circle, a zone's
own outline, a zone's hole filled, a zone minus a circle, a circle over a junction of tiling zones,
a zone edge with near-collinear vertices inserted, and a piece cut from a zone and shifted by one ulp.
"""
import json
import math
import random
import sys

from shapely.geometry import Polygon, MultiPolygon, box, mapping, shape
from shapely.ops import unary_union


def polygonal(g):
    """The polygon parts of a GEOS result (an intersection may also return lines and points)."""
    if g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return unary_union(parts)


def circle(x, y, r):
    return Polygon([(x + r * math.cos(2 * math.pi * k / 48) / math.cos(math.radians(y)), y + r * math.sin(2 * math.pi * k / 48)) for k in range(48)])


def near_collinear(zone, rnd):
    """The zone's shell with points inserted on its edges (as a digitiser snapping to an edge produces them), cut by a box."""
    shell = list((zone.geoms[0] if zone.geom_type == "MultiPolygon" else zone).exterior.coords)
    out = []
    for i in range(len(shell) - 1):
        a, b = shell[i], shell[i + 1]
        out.append(a)
        if rnd.random() < 0.3:
            t = rnd.random()
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    out.append(shell[-1])
    minx, miny, maxx, maxy = zone.bounds
    cx, cy = rnd.uniform(minx, maxx), rnd.uniform(miny, maxy)
    r = rnd.uniform(0.03, 0.08)
    return polygonal(Polygon(out).intersection(box(cx - r, cy - r, cx + r, cy + r)))


def main():
    zones_path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    prefix = sys.argv[4] if len(sys.argv) > 4 else "C"
    fc = json.load(open(zones_path, encoding="utf-8"))
    zones = [shape(f["geometry"]).buffer(0) for f in fc["features"]]
    neighbours = [[j for j, o in enumerate(zones) if j != i and z.touches(o)] for i, z in enumerate(zones)]
    rnd = random.Random(seed)
    kinds = ["circle", "box", "union", "own", "hole", "minus", "junction", "collinear", "ulp"]
    feats = []
    tries = 0
    while len(feats) < n and tries < n * 20:
        tries += 1
        kind = kinds[len(feats) % len(kinds)] if rnd.random() < 0.8 else rnd.choice(kinds)
        i = rnd.randrange(len(zones))
        z = zones[i]
        minx, miny, maxx, maxy = z.bounds
        # A cut near the zone's edge (within 0.05° of a vertex), where it meets the zone's boundary.
        shell = list((z.geoms[0] if z.geom_type == "MultiPolygon" else z).exterior.coords)
        vx, vy = shell[rnd.randrange(len(shell) - 1)]
        cx, cy = vx + rnd.uniform(-0.05, 0.05), vy + rnd.uniform(-0.05, 0.05)
        r = rnd.uniform(0.03, 0.05)
        g = None
        if kind == "circle":
            g = polygonal(z.intersection(circle(cx, cy, r)))
        elif kind == "box":
            g = polygonal(z.intersection(box(cx - r, cy - r * 0.7, cx + r * 1.3, cy + r)))
        elif kind == "union":
            if not neighbours[i]:
                continue
            u = unary_union([z, zones[rnd.choice(neighbours[i])]])
            g = polygonal(u.intersection(circle(cx, cy, r * 1.5)))
        elif kind == "own":
            g = z if z.area < 0.05 else polygonal(z.intersection(box(cx - 0.15, cy - 0.15, cx + 0.15, cy + 0.15)))
        elif kind == "hole":
            holes = [h for p in (z.geoms if z.geom_type == "MultiPolygon" else [z]) for h in p.interiors]
            if not holes:
                continue
            g = Polygon(rnd.choice(holes).coords)
        elif kind == "minus":
            piece = polygonal(z.intersection(box(cx - 0.12, cy - 0.12, cx + 0.12, cy + 0.12)))
            g = polygonal(piece.difference(circle(cx, cy, r * 0.6))) if piece is not None else None
        elif kind == "junction":
            if not neighbours[i]:
                continue
            # A circle over a point where this zone meets a neighbour: the tiling units' overlaps must sum to it.
            shared = z.boundary.intersection(zones[rnd.choice(neighbours[i])].boundary)
            if shared.is_empty:
                continue
            pts = [c for part in getattr(shared, "geoms", [shared]) for c in getattr(part, "coords", [])]
            if not pts:
                continue
            px, py = rnd.choice(pts)
            g = circle(px, py, rnd.uniform(0.005, 0.04))
        elif kind == "collinear":
            g = near_collinear(z, rnd)
        elif kind == "ulp":
            piece = polygonal(z.intersection(circle(cx, cy, r)))
            if piece is not None:
                # Shifted by one ulp: every shared edge becomes a near-collinear one.
                from shapely.affinity import translate

                g = translate(piece, math.ulp(cx) * rnd.choice([-1, 1]), math.ulp(cy) * rnd.choice([-1, 1]))
        if g is None or g.is_empty or g.area < 1e-8:
            continue
        feats.append({"type": "Feature", "properties": {"id": f"{prefix}{len(feats):05d}", "kind": kind}, "geometry": mapping(g)})
    json.dump({"type": "FeatureCollection", "features": feats}, sys.stdout)


if __name__ == "__main__":
    main()
