import { type DiffStats, heatMap } from './diff';

export type DiffResult =
  | { status: 'ready'; image: ImageData; stats: DiffStats }
  | { status: 'unavailable'; reason: string };

/** The overlay is computed at most this many pixels wide or high (a heat map needs no more). */
const MAX_SIDE = 1024;
const CROSS_ORIGIN = 'the images come from another site that does not allow reading their pixels';
const cache = new Map<string, Promise<DiffResult>>();

/**
 * The heat map of `editUrl` against `sourceUrl`, drawn at the edit's size (the source is scaled
 * to it). Reading pixels needs same-origin images, or cross-origin ones served with CORS; for
 * anything else the answer says the overlay is unavailable.
 */
export function computeDiff(sourceUrl: string, editUrl: string): Promise<DiffResult> {
  const key = `${sourceUrl}\n${editUrl}`;
  let result = cache.get(key);
  if (!result) {
    result = compute(sourceUrl, editUrl);
    cache.set(key, result);
    if (cache.size > 40) cache.delete(cache.keys().next().value as string);
  }
  return result;
}

async function compute(sourceUrl: string, editUrl: string): Promise<DiffResult> {
  const [source, edit] = await Promise.all([loadReadable(sourceUrl), loadReadable(editUrl)]);
  if (!source || !edit) {
    const foreign = isCrossOrigin(sourceUrl) || isCrossOrigin(editUrl);
    return {
      status: 'unavailable',
      reason: foreign ? CROSS_ORIGIN : 'an image could not be loaded',
    };
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(edit.naturalWidth, edit.naturalHeight));
  const width = Math.max(1, Math.round(edit.naturalWidth * scale));
  const height = Math.max(1, Math.round(edit.naturalHeight * scale));
  try {
    const editPixels = pixelsOf(edit, width, height);
    const sourcePixels = pixelsOf(source, width, height);
    const image = new ImageData(width, height);
    const stats = heatMap(editPixels.data, sourcePixels.data, image.data);
    return { status: 'ready', image, stats };
  } catch (error) {
    const crossOrigin = error instanceof DOMException && error.name === 'SecurityError';
    return {
      status: 'unavailable',
      reason: crossOrigin ? CROSS_ORIGIN : 'this browser could not compare the images',
    };
  }
}

function pixelsOf(image: HTMLImageElement, width: number, height: number): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d canvas');
  context.drawImage(image, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/** Cross-origin images are requested with CORS so that their pixels can be read if allowed. */
async function loadReadable(url: string): Promise<HTMLImageElement | null> {
  const image = new Image();
  if (isCrossOrigin(url)) image.crossOrigin = 'anonymous';
  image.src = url;
  try {
    await image.decode();
    return image;
  } catch {
    return null;
  }
}

function isCrossOrigin(url: string): boolean {
  return new URL(url, window.location.href).origin !== window.location.origin;
}
