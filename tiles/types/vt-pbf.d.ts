// vt-pbf 3 ships no types; this is the part of its API the tile encoder uses.
declare module 'vt-pbf' {
  interface GeojsonVtTile {
    features: readonly unknown[];
  }
  export function fromGeojsonVt(layers: Record<string, GeojsonVtTile>, options?: { version?: number; extent?: number }): Uint8Array;
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
