// The map's projection: watched places' latitude and longitude to points of an SVG box,
// equirectangular with longitude shrunk by the cosine of the middle latitude (faithful enough
// for a few hundred kilometres of central Mali), fitted inside the box with a margin. Pure.

export interface Located {
  latitude: number;
  longitude: number;
}

export interface Projected<T> {
  place: T;
  x: number;
  y: number;
}

export function projectPlaces<T extends Located>(places: readonly T[], box: { width: number; height: number; margin: number }): Projected<T>[] {
  if (places.length === 0) return [];
  const lats = places.map((p) => p.latitude);
  const lons = places.map((p) => p.longitude);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
  // Places closer than a tenth of a degree (or a single place) are not spread over the whole box.
  const spanX = Math.max((east - west) * shrink, 0.1);
  const spanY = Math.max(north - south, 0.1);
  const scale = Math.min((box.width - 2 * box.margin) / spanX, (box.height - 2 * box.margin) / spanY);
  const [midLat, midLon] = [(south + north) / 2, (west + east) / 2];
  return places.map((place) => ({
    place,
    x: round(box.width / 2 + (place.longitude - midLon) * shrink * scale),
    y: round(box.height / 2 - (place.latitude - midLat) * scale),
  }));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
