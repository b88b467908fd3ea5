"""The regencies and cities of the province as a server-side SVG map: it needs no script to show.

The shapes come from the GeoJSON the project ships in static files (its source note lies beside it),
projected with an equirectangular projection scaled by the cosine of the middle latitude (the province
spans 2°, where that is accurate to the eye). Each region is filled by a value on a sequential scale; the
map is decorative next to the table that gives the same numbers (its twin), so it is ``aria-hidden``.
"""

import json
import math
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

GEOJSON = Path(settings.BASE_DIR) / "kinerja" / "static" / "kinerja" / "geo" / "sumsel-kabkota.geojson"
WIDTH = 640
# Light to dark blue: readable with the black outlines, distinct for the common colour blindnesses.
SCALE = ("#f1f5fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


@cache
def _shapes() -> tuple[tuple[str, str, tuple], float, tuple[float, float, float, float]]:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    features = []
    xs, ys = [], []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        features.append((feature["properties"]["code"], feature["properties"]["name"], tuple(polygons)))
        for polygon in polygons:
            for ring in polygon:
                for lon, lat in ring:
                    xs.append(lon)
                    ys.append(lat)
    bounds = (min(xs), min(ys), max(xs), max(ys))
    factor = math.cos(math.radians((bounds[1] + bounds[3]) / 2))
    return tuple(features), factor, bounds


def _path(polygons, project) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return " ".join(parts)


@cache
def _paths() -> tuple[tuple[str, str, str], int]:
    features, factor, (west, south, east, north) = _shapes()
    scale = WIDTH / ((east - west) * factor)
    height = round((north - south) * scale)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * factor * scale, (north - lat) * scale

    return tuple((code, name, _path(polygons, project)) for code, name, polygons in features), height


def region_map(values: dict[str, int], *, title: str) -> str:
    """An SVG of the regions, each filled by its value in ``values`` (by region code); 0 or absent is lightest."""
    paths, height = _paths()
    top = max(values.values(), default=0)
    shapes = []
    for code, name, d in paths:
        value = values.get(code, 0)
        step = 0 if not value or not top else 1 + min(len(SCALE) - 2, int((value / top) * (len(SCALE) - 2)))
        shapes.append(
            f'<path d="{d}" fill="{SCALE[step]}" stroke="#1f2937" stroke-width="0.8">'
            f"<title>{escape(name)}: {value}</title></path>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="portal-map" '
        f'aria-hidden="true" focusable="false"><title>{escape(title)}</title>{"".join(shapes)}</svg>'
    )
