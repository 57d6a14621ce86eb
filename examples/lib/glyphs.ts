/**
 * A procedurally drawn digits data set, so the CNN example needs no download: each of the ten
 * digits is a few strokes of a tiny vector font, drawn into a `size × size` grey image with a
 * random rotation, scale, shift and stroke width, then blurred by anti-aliasing and given pixel
 * noise. Same seed, same images.
 */
import { Generator } from "@tsgrad/core";
import { Svg } from "./svg.js";

/** A stroke: a polyline through points in the unit square (x right, y down). */
type Stroke = readonly (readonly [number, number])[];

/** A closed polyline approximating an ellipse (for 0, 6, 8, 9). */
function ellipse(cx: number, cy: number, rx: number, ry: number, from = 0, to = 2 * Math.PI, n = 18): Stroke {
  const pts: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const t = from + ((to - from) * i) / n;
    pts.push([cx + rx * Math.sin(t), cy - ry * Math.cos(t)]);
  }
  return pts;
}

/** The ten digits, stroke by stroke. */
export const DIGIT_STROKES: readonly (readonly Stroke[])[] = [
  [ellipse(0.5, 0.5, 0.26, 0.38)],
  [
    [
      [0.33, 0.27],
      [0.52, 0.1],
      [0.52, 0.9],
    ],
    [
      [0.34, 0.9],
      [0.7, 0.9],
    ],
  ],
  [[...ellipse(0.5, 0.33, 0.26, 0.22, -1.4, 2.2, 10), [0.22, 0.9], [0.8, 0.9]]],
  [ellipse(0.48, 0.3, 0.24, 0.19, -1.6, 3.1, 10), ellipse(0.48, 0.69, 0.27, 0.21, 0, 4.7, 10)],
  [
    [
      [0.66, 0.9],
      [0.66, 0.1],
      [0.16, 0.64],
      [0.84, 0.64],
    ],
  ],
  [[[0.78, 0.1], [0.3, 0.1], [0.26, 0.45], ...ellipse(0.5, 0.65, 0.27, 0.24, -1.1, 4.4, 10)]],
  [
    [
      [0.7, 0.1],
      [0.44, 0.3],
      [0.26, 0.6],
    ],
    ellipse(0.5, 0.66, 0.25, 0.23),
  ],
  [
    [
      [0.2, 0.1],
      [0.8, 0.1],
      [0.42, 0.9],
    ],
  ],
  [ellipse(0.5, 0.29, 0.2, 0.19), ellipse(0.5, 0.7, 0.25, 0.21)],
  [
    ellipse(0.5, 0.34, 0.24, 0.23),
    [
      [0.74, 0.36],
      [0.66, 0.66],
      [0.4, 0.9],
    ],
  ],
];

export interface GlyphSet {
  /** `[n, 1, size, size]` row-major, values in [0, 1] (ink is 1). */
  images: Float32Array;
  /** The digit of each image, 0–9. */
  labels: Int32Array;
  n: number;
  size: number;
}

export interface GlyphOptions {
  /** Image side in pixels (default 16). */
  size?: number;
  /** Largest rotation either way, radians (default 0.25, about 14°). */
  rotation?: number;
  /** Largest shift either way, as a fraction of the side (default 0.1). */
  shift?: number;
  /** Standard deviation of the pixel noise (default 0.1). */
  noise?: number;
}

/**
 * `n` images, the digits in turn (so every class has n/10 of them), drawn from `seed`.
 *
 * @example
 * const { images, labels } = makeGlyphs(1000, 0);          // 1000 16×16 digits
 * const x = tensor(images).reshape([1000, 1, 16, 16]);
 */
export function makeGlyphs(n: number, seed: number, options: GlyphOptions = {}): GlyphSet {
  const size = options.size ?? 16;
  const rotation = options.rotation ?? 0.25;
  const shift = options.shift ?? 0.1;
  const noise = options.noise ?? 0.1;
  const gen = new Generator(seed);
  // Every random number the set needs, in a fixed order: 6 per image, then the noise.
  const draws = new Float64Array(6 * n);
  for (let k = 0; k < draws.length; k++) draws[k] = gen.random();
  const noiseValues = new Float64Array(noise > 0 ? n * size * size : 0);
  for (let k = 0; k < noiseValues.length; k++) noiseValues[k] = gen.normal();
  const images = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  const pixel = 1 / size;
  for (let i = 0; i < n; i++) {
    const digit = i % 10;
    labels[i] = digit;
    const u = draws.subarray(6 * i, 6 * i + 6);
    const angle = (2 * u[0]! - 1) * rotation;
    const scale = 0.8 + 0.3 * u[1]!;
    const dx = (2 * u[2]! - 1) * shift;
    const dy = (2 * u[3]! - 1) * shift;
    const halfWidth = (0.08 + 0.05 * u[4]!) / 2;
    const slant = (2 * u[5]! - 1) * 0.15;
    // Inverse of: slant, scale and rotate about the centre, then shift (pixel → font coordinates).
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const segs = segments(DIGIT_STROKES[digit]!);
    const base = i * size * size;
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        const x = (px + 0.5) * pixel - 0.5 - dx;
        const y = (py + 0.5) * pixel - 0.5 - dy;
        const ry = (-sin * x + cos * y) / scale;
        const rx = (cos * x + sin * y) / scale - slant * ry;
        const d = distanceToSegments(segs, rx + 0.5, ry + 0.5);
        // Anti-aliased stroke: full ink inside, a one-pixel ramp at the edge.
        let v = Math.min(1, Math.max(0, (halfWidth - d) / pixel + 0.5));
        if (noise > 0) v += noise * noiseValues[base + py * size + px]!;
        images[base + py * size + px] = Math.min(1, Math.max(0, v));
      }
    }
  }
  return { images, labels, n, size };
}

/** The strokes as flat segment endpoints [x0, y0, x1, y1, ...]. */
function segments(strokes: readonly Stroke[]): Float64Array {
  let count = 0;
  for (const s of strokes) count += s.length - 1;
  const out = new Float64Array(4 * count);
  let k = 0;
  for (const s of strokes) {
    for (let j = 0; j + 1 < s.length; j++) {
      out[k++] = s[j]![0];
      out[k++] = s[j]![1];
      out[k++] = s[j + 1]![0];
      out[k++] = s[j + 1]![1];
    }
  }
  return out;
}

function distanceToSegments(segs: Float64Array, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < segs.length; k += 4) {
    const ax = segs[k]!;
    const ay = segs[k + 1]!;
    const ex = segs[k + 2]! - ax;
    const ey = segs[k + 3]! - ay;
    const len2 = ex * ex + ey * ey;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * ex + (y - ay) * ey) / len2)) : 0;
    const qx = ax + t * ex - x;
    const qy = ay + t * ey - y;
    const d2 = qx * qx + qy * qy;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/**
 * A grid of images as an SVG picture, each with its label and the model's prediction under it
 * (green when right, red when wrong): what the CNN example draws after training.
 */
export function glyphGridSvg(options: {
  images: Float32Array;
  size: number;
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
  count: number;
  columns?: number;
  title?: string;
}): string {
  const { images, size, labels, predictions, count } = options;
  const columns = options.columns ?? 10;
  const cell = 4; // px per image pixel
  const pad = 8;
  const caption = 16;
  const tile = size * cell;
  const rows = Math.ceil(count / columns);
  const top = options.title ? 28 : pad;
  const width = pad + columns * (tile + pad);
  const height = top + rows * (tile + caption + pad);
  const svg = new Svg(width, height);
  if (options.title) svg.text(pad, 19, options.title, { fontSize: 14 });
  for (let i = 0; i < count; i++) {
    const x0 = pad + (i % columns) * (tile + pad);
    const y0 = top + Math.floor(i / columns) * (tile + caption + pad);
    const base = i * size * size;
    // One rect per inked pixel: crisp at any zoom (white pixels are the background).
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const grey = Math.round(255 * (1 - images[base + y * size + x]!));
        if (grey < 255)
          svg.rect(x0 + x * cell, y0 + y * cell, cell, cell, { fill: `rgb(${grey},${grey},${grey})` });
      }
    }
    svg.rect(x0, y0, tile, tile, { fill: "none", stroke: "#999999" });
    const right = labels[i] === predictions[i];
    svg.text(x0 + tile / 2, y0 + tile + 13, `${labels[i]} → ${predictions[i]}`, {
      textAnchor: "middle",
      fontSize: 12,
      fill: right ? "#2ca02c" : "#d62728",
    });
  }
  return svg.toString();
}
