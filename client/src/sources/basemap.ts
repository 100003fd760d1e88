/**
 * The raster basemap (OpenStreetMap tiles by default, the URL from the server's configuration).
 * It is decoration: without internet — an office network, a test run — its tiles fail and the map
 * goes on with the hromada's own vector layers. `onUnavailable` is called once when the first
 * tiles have all failed, so the page can say so instead of showing an unexplained grey.
 */
import XYZ from 'ol/source/XYZ.js';

/** Failed tiles, with none loaded, after which the basemap counts as unavailable. */
const FAILURES_BEFORE_UNAVAILABLE = 4;

export function createBasemapSource(basemap: { url: string; attribution: string }, onUnavailable: () => void): XYZ {
  const source = new XYZ({
    url: basemap.url,
    attributions: basemap.attribution,
    attributionsCollapsible: false,
    // OSM's deepest level; the view goes to 20, where the z19 tiles are upscaled.
    maxZoom: 19,
  });
  let loaded = 0;
  let failed = 0;
  source.on('tileloadend', () => {
    loaded += 1;
  });
  source.on('tileloaderror', () => {
    failed += 1;
    if (loaded === 0 && failed === FAILURES_BEFORE_UNAVAILABLE) onUnavailable();
  });
  return source;
}
