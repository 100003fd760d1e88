/**
 * Tile features to Mapbox Vector Tile 2.1 bytes (protobuf), one tile of one or several layers.
 * Layers without features are left out; a tile with no layer left is `null`, which the server
 * answers with 204 No Content.
 *
 * The bytes are vt-pbf's, field for field (test/tiles/encode.test.ts compares them), but the
 * properties are interned once per index rather than once per tile. vt-pbf builds a `type:value`
 * string for every property of every feature of every tile to find its value's index: in a CPU
 * profile of cold tiles that was 16 % of the time, and its garbage much of the 17 % spent in GC
 * (issue 8). Here a layer index owns a TagDictionary: every key and value gets a number the first
 * time any tile meets it, and every feature's properties (the same object in every tile that
 * geojson-vt or supercluster cuts from it) become one Int32Array of (key, value) numbers, once.
 * Encoding a tile then maps those numbers to the tile's own key and value tables through arrays
 * stamped with the tile's generation: no strings built, no maps filled per tile.
 *
 *   layer   15 version, 1 name, 5 extent, 2 features…, 3 keys…, 4 values…   (vector_tile.proto)
 *   feature 1 id, 2 tags (packed key/value indexes), 3 type, 4 geometry (commands, zigzag deltas)
 */
import { PbfWriter } from 'pbf';
import type { LayerTile, TileFeature, TileProperties, TileValue } from './tile-index.js';

/** MVT spec version written in every layer (vector-tile-spec 2.1 still says version 2). */
export const MVT_VERSION = 2;

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

/**
 * Keys and values of one layer index, numbered once. Values are kept apart by type, as MVT keeps
 * them (the string "1" and the number 1 are two values), and numbers by SameValueZero, which is
 * vt-pbf's `type:value` text for every number a tile can hold.
 */
export class TagDictionary {
  readonly keys: string[] = [];
  readonly values: (string | number | boolean)[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly stringIds = new Map<string, number>();
  private readonly numberIds = new Map<number, number>();
  private readonly booleanIds: [number, number] = [-1, -1];
  private readonly tagsOf = new WeakMap<object, Int32Array>();
  /** Per encoded layer: which generation last used a key or value, and its index in that layer. */
  private generation = 0;
  private keyStamp = new Int32Array(16);
  private keyLocal = new Int32Array(16);
  private valueStamp = new Int32Array(256);
  private valueLocal = new Int32Array(256);

  private key(name: string): number {
    let id = this.keyIds.get(name);
    if (id === undefined) {
      id = this.keys.push(name) - 1;
      this.keyIds.set(name, id);
    }
    return id;
  }

  private value(value: string | number | boolean): number {
    let id: number | undefined;
    if (typeof value === 'string') {
      id = this.stringIds.get(value);
      if (id === undefined) this.stringIds.set(value, (id = this.values.push(value) - 1));
    } else if (typeof value === 'number') {
      id = this.numberIds.get(value);
      if (id === undefined) this.numberIds.set(value, (id = this.values.push(value) - 1));
    } else {
      const slot = value ? 1 : 0;
      id = this.booleanIds[slot];
      if (id < 0) this.booleanIds[slot] = id = this.values.push(value) - 1;
    }
    return id;
  }

  /** A feature's properties as (key, value) numbers, in their order, nulls left out (MVT has no null). */
  tags(properties: TileProperties | null): Int32Array {
    if (!properties) return EMPTY;
    let tags = this.tagsOf.get(properties);
    if (!tags) {
      const pairs: number[] = [];
      for (const name in properties) {
        const raw: TileValue | object = properties[name];
        if (raw === null) continue;
        const value = typeof raw === 'object' ? JSON.stringify(raw) : raw;
        pairs.push(this.key(name), this.value(value));
      }
      tags = Int32Array.from(pairs);
      this.tagsOf.set(properties, tags);
    }
    return tags;
  }

  /** Starts a layer: every key and value is new to it again. */
  begin(): void {
    this.generation++;
    if (this.keyStamp.length < this.keys.length) [this.keyStamp, this.keyLocal] = grown(this.keyStamp, this.keyLocal, this.keys.length);
    if (this.valueStamp.length < this.values.length) [this.valueStamp, this.valueLocal] = grown(this.valueStamp, this.valueLocal, this.values.length);
  }

  /** The layer's index of a key (numbered in order of first use), and whether it is new to the layer. */
  localKey(id: number, used: number[]): number {
    if (id >= this.keyStamp.length) [this.keyStamp, this.keyLocal] = grown(this.keyStamp, this.keyLocal, id + 1);
    if (this.keyStamp[id] !== this.generation) {
      this.keyStamp[id] = this.generation;
      this.keyLocal[id] = used.push(id) - 1;
    }
    return this.keyLocal[id];
  }

  localValue(id: number, used: number[]): number {
    if (id >= this.valueStamp.length) [this.valueStamp, this.valueLocal] = grown(this.valueStamp, this.valueLocal, id + 1);
    if (this.valueStamp[id] !== this.generation) {
      this.valueStamp[id] = this.generation;
      this.valueLocal[id] = used.push(id) - 1;
    }
    return this.valueLocal[id];
  }
}

const EMPTY = new Int32Array(0);

function grown(stamp: Int32Array<ArrayBuffer>, local: Int32Array<ArrayBuffer>, need: number): [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>] {
  const size = Math.max(need, stamp.length * 2);
  const s = new Int32Array(size);
  const l = new Int32Array(size);
  s.set(stamp);
  l.set(local);
  return [s, l];
}

/** A layer of a tile: its name, its features, and the dictionary of the index they came from (absent: a throw-away one). */
export type EncodedLayer = readonly [name: string, tile: LayerTile | null, dictionary?: TagDictionary];

/** Encodes the named layers in the order given; null when none has a feature. */
export function encodeTile(layers: ReadonlyArray<EncodedLayer>, extent: number): Uint8Array | null {
  const present = layers.filter(([, tile]) => tile && tile.features.length > 0);
  if (present.length === 0) return null;
  const pbf = new PbfWriter();
  for (const [name, tile, dictionary] of present) {
    pbf.writeMessage(3, writeLayer, { name, features: tile!.features, extent, dictionary: dictionary ?? new TagDictionary() });
  }
  return pbf.finish();
}

interface LayerContext {
  name: string;
  features: readonly TileFeature[];
  extent: number;
  dictionary: TagDictionary;
  keys?: number[];
  values?: number[];
  feature?: TileFeature;
}

function writeLayer(layer: LayerContext, pbf: PbfWriter): void {
  pbf.writeVarintField(15, MVT_VERSION);
  pbf.writeStringField(1, layer.name);
  pbf.writeVarintField(5, layer.extent);
  const { dictionary } = layer;
  dictionary.begin();
  layer.keys = [];
  layer.values = [];
  for (const feature of layer.features) {
    layer.feature = feature;
    pbf.writeMessage(2, writeFeature, layer);
  }
  for (const id of layer.keys) pbf.writeStringField(3, dictionary.keys[id]);
  for (const id of layer.values) pbf.writeMessage(4, writeValue, dictionary.values[id]);
}

function writeFeature(layer: LayerContext, pbf: PbfWriter): void {
  const feature = layer.feature!;
  if (typeof feature.id === 'number') pbf.writeVarintField(1, feature.id);
  pbf.writeMessage(2, writeTags, layer);
  pbf.writeVarintField(3, feature.type);
  pbf.writeMessage(4, writeGeometry, feature);
}

function writeTags(layer: LayerContext, pbf: PbfWriter): void {
  const { dictionary } = layer;
  const tags = dictionary.tags(layer.feature!.tags);
  for (let i = 0; i < tags.length; i += 2) {
    pbf.writeVarint(dictionary.localKey(tags[i], layer.keys!));
    pbf.writeVarint(dictionary.localValue(tags[i + 1], layer.values!));
  }
}

const command = (cmd: number, length: number) => (length << 3) + (cmd & 0x7);
const zigzag = (n: number) => (n << 1) ^ (n >> 31);

/** MoveTo, LineTo, ClosePath with zigzag deltas (MVT 2.1 §4.3); polygon rings drop their closing vertex. */
function writeGeometry(feature: TileFeature, pbf: PbfWriter): void {
  const rings: readonly (readonly [number, number])[][] = feature.type === 1 ? [feature.geometry] : feature.geometry;
  let x = 0;
  let y = 0;
  for (const ring of rings) {
    pbf.writeVarint(command(1, feature.type === 1 ? ring.length : 1));
    const count = feature.type === 3 ? ring.length - 1 : ring.length;
    for (let i = 0; i < count; i++) {
      if (i === 1 && feature.type !== 1) pbf.writeVarint(command(2, count - 1));
      const dx = ring[i][0] - x;
      const dy = ring[i][1] - y;
      pbf.writeVarint(zigzag(dx));
      pbf.writeVarint(zigzag(dy));
      x += dx;
      y += dy;
    }
    if (feature.type === 3) pbf.writeVarint(command(7, 1));
  }
}

function writeValue(value: string | number | boolean, pbf: PbfWriter): void {
  if (typeof value === 'string') pbf.writeStringField(1, value);
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value);
  else if (value % 1 !== 0) pbf.writeDoubleField(3, value);
  else if (value < 0) pbf.writeSVarintField(6, value);
  else pbf.writeVarintField(5, value);
}
