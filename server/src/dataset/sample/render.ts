import sharp from 'sharp';
import { objectSvg } from './draw-objects';
import { applyFilter, type RawImage } from './filters';
import { createRng } from './prng';
import { SKY_KINDS } from './scenes';
import type { ImageState, Scene, SceneObject } from './scene';

/** Everything is drawn over this much of the scene around it, so outpainting has content to show. */
const MARGIN = 1.5;

function mix(hex: string, target: string, amount: number): string {
  const a = parseInt(hex.slice(1), 16);
  const b = parseInt(target.slice(1), 16);
  const channel = (shift: number) => {
    const v = ((a >> shift) & 255) + (((b >> shift) & 255) - ((a >> shift) & 255)) * amount;
    return Math.round(v).toString(16).padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

function skyColours(scene: Scene): readonly [string, string] {
  if (scene.weather === 'rain') return ['#59626b', '#8d969e'];
  if (scene.weather === 'snowfall') return ['#aab6c2', '#d9e0e6'];
  if (scene.lighting === 'golden') return ['#d9653b', '#fbd38d'];
  return scene.sky;
}

function groundColour(scene: Scene): string {
  if (scene.season === 'winter') return '#eef3f6';
  return scene.weather === 'rain' ? mix(scene.ground.colour, '#333333', 0.3) : scene.ground.colour;
}

function defs(scene: Scene): string {
  const flat = scene.style === 'cartoon';
  const [skyTop, skyBottom] = skyColours(scene);
  const [top, bottom] = flat ? [skyTop, skyTop] : [skyTop, skyBottom];
  const ground = groundColour(scene);
  const horizonGround = flat ? ground : mix(ground, '#ffffff', 0.18);
  return (
    `<defs><linearGradient id="sky" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="0" y2="${scene.horizon}">` +
    `<stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>` +
    `<linearGradient id="ground" gradientUnits="userSpaceOnUse" x1="0" y1="${scene.horizon}" x2="0" y2="${scene.height}">` +
    `<stop offset="0" stop-color="${horizonGround}"/><stop offset="1" stop-color="${ground}"/></linearGradient></defs>`
  );
}

function sunAndClouds(scene: Scene): string {
  const parts: string[] = [];
  if (scene.weather === 'clear' && scene.lighting === 'golden') {
    const x = scene.sun?.x ?? scene.width * 0.7;
    parts.push(
      `<circle cx="${x}" cy="${scene.horizon - 12}" r="44" fill="#ffd27f" opacity="0.35"/>`,
    );
    parts.push(`<circle cx="${x}" cy="${scene.horizon - 12}" r="26" fill="#ffb347"/>`);
  } else if (scene.weather === 'clear' && scene.sun) {
    parts.push(
      `<circle cx="${scene.sun.x}" cy="${scene.sun.y}" r="30" fill="#fff7c2" opacity="0.4"/>`,
    );
    parts.push(
      `<circle cx="${scene.sun.x}" cy="${scene.sun.y}" r="${scene.sun.r}" fill="#fff3b0"/>`,
    );
  }
  const dark = scene.weather === 'rain';
  const clouds = dark ? [...scene.clouds, ...stormClouds(scene)] : scene.clouds;
  for (const { x, y, s } of clouds) {
    const fill = dark ? '#6b737b' : '#ffffff';
    parts.push(
      `<g fill="${fill}" opacity="${dark ? 0.95 : 0.9}"><ellipse cx="${x}" cy="${y}" rx="${s * 1.6}" ry="${s * 0.7}"/>` +
        `<ellipse cx="${x - s * 0.7}" cy="${y + 2}" rx="${s}" ry="${s * 0.55}"/><ellipse cx="${x + s * 0.8}" cy="${y + 3}" rx="${s * 0.9}" ry="${s * 0.5}"/></g>`,
    );
  }
  return parts.join('');
}

function stormClouds(scene: Scene) {
  const rng = createRng(`${scene.name}:storm`);
  return Array.from({ length: 9 }, (_, i) => ({
    x: Math.round(-scene.width * 0.5 + i * scene.width * 0.25 + rng.range(-20, 20)),
    y: Math.round(scene.horizon * rng.range(0.08, 0.35)),
    s: Math.round(rng.range(22, 34)),
  }));
}

function ridge(scene: Scene, peaks: number, height: number, key: string): number[][] {
  const rng = createRng(`${scene.name}:${key}`);
  const from = -scene.width * MARGIN;
  const step = (scene.width * (1 + 2 * MARGIN)) / peaks;
  const points = [[from, scene.horizon + 2]];
  for (let i = 0; i <= peaks; i += 1) {
    points.push([from + i * step, scene.horizon - height * rng.range(0.45, 1)]);
  }
  points.push([from + peaks * step, scene.horizon + 2]);
  return points.map(([x, y]) => [Math.round(x), Math.round(y)]);
}

function backgroundSvg(scene: Scene): string {
  const winter = scene.season === 'winter';
  const list = (points: number[][]) => points.map((p) => p.join(',')).join(' ');
  if (scene.background === 'hills') {
    const fill = winter ? '#e1e8ee' : '#6f9f5f';
    return `<polygon points="${list(ridge(scene, 14, scene.height * 0.1, 'hills'))}" fill="${fill}" stroke-linejoin="round" stroke="${fill}" stroke-width="14"/>`;
  }
  if (scene.background === 'mountains') {
    const peaks = ridge(scene, 16, scene.height * 0.32, 'mountains');
    const caps = peaks
      .slice(1, -1)
      .map(([x, y]) => `${x - 9},${y + 12} ${x},${y} ${x + 9},${y + 12}`);
    return (
      `<polygon points="${list(peaks)}" fill="#7d8da1"/>` +
      caps.map((points) => `<polygon points="${points}" fill="#f4f7fa"/>`).join('')
    );
  }
  if (scene.background === 'city') return citySvg(scene);
  return '';
}

function citySvg(scene: Scene): string {
  const rng = createRng(`${scene.name}:city`);
  const parts: string[] = [];
  for (let x = -scene.width * MARGIN; x < scene.width * (1 + MARGIN); x += 22) {
    const h = Math.round(scene.height * rng.range(0.12, 0.3));
    parts.push(
      `<rect x="${Math.round(x)}" y="${scene.horizon - h}" width="20" height="${h + 2}"/>`,
    );
  }
  return `<g fill="#5f6b7a">${parts.join('')}</g>`;
}

function weatherSvg(scene: Scene): string {
  if (scene.weather === 'clear') return '';
  const rng = createRng(`${scene.name}:${scene.weather}`);
  const w = scene.width * (1 + 2 * MARGIN);
  const h = scene.height * (1 + 2 * MARGIN);
  const at = () => [
    Math.round(rng.range(0, w) - scene.width * MARGIN),
    Math.round(rng.range(0, h) - scene.height * MARGIN),
  ];
  if (scene.weather === 'rain') {
    const lines = Array.from({ length: 1400 }, () => at()).map(([x, y]) => `M${x},${y}l-4,15`);
    return `<path d="${lines.join('')}" stroke="#e3eaf0" stroke-width="1.2" opacity="0.6"/>`;
  }
  const flakes = Array.from({ length: 1100 }, () => at()).map(
    ([x, y]) => `<circle cx="${x}" cy="${y}" r="${rng.pick([1.5, 2, 2.5])}"/>`,
  );
  return `<g fill="#ffffff" opacity="0.9">${flakes.join('')}</g>`;
}

export function stateSvg(state: ImageState): string {
  const { scene, view } = state;
  const big = {
    x: -scene.width * 3,
    w: scene.width * 7,
    y: -scene.height * 3,
    h: scene.height * 7,
  };
  const options = { outline: scene.style === 'cartoon', winter: scene.season === 'winter' };
  const sky = scene.objects.filter((o) => SKY_KINDS.includes(o.kind));
  // Signs last: their text is what text edits change, so nothing may hide it.
  const depth = (o: SceneObject) => o.y + (o.kind === 'sign' ? scene.height * 4 : 0);
  const ground = scene.objects
    .filter((o) => !SKY_KINDS.includes(o.kind))
    .sort((a, b) => depth(a) - depth(b));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${state.outW}" height="${state.outH}" viewBox="${view.x} ${view.y} ${view.w} ${view.h}" preserveAspectRatio="none">`,
    defs(scene),
    `<rect x="${big.x}" y="${big.y}" width="${big.w}" height="${scene.horizon - big.y}" fill="url(#sky)"/>`,
    sunAndClouds(scene),
    backgroundSvg(scene),
    `<rect x="${big.x}" y="${scene.horizon}" width="${big.w}" height="${big.h}" fill="url(#ground)"/>`,
    ...ground.map((o) => objectSvg(o, options)),
    ...sky.map((o) => objectSvg(o, options)),
    weatherSvg(scene),
    '</svg>',
  ].join('');
}

/** The state drawn and filtered, as raw RGB. */
export async function renderState(state: ImageState): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(stateSvg(state)))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image: RawImage = { data, width: info.width, height: info.height };
  for (const filter of state.filters) applyFilter(image, filter);
  return image;
}

export function encodeImage(image: RawImage, format: 'png' | 'jpeg'): Promise<Buffer> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  const pipeline = sharp(image.data, { raw });
  return format === 'png'
    ? pipeline.png({ compressionLevel: 9 }).toBuffer()
    : pipeline.jpeg({ quality: 85 }).toBuffer();
}
