/**
 * The zoom and pan every pane of a comparator shares. Offsets are fractions of the pane's size,
 * measured from its centre, so panes of different sizes (three side by side, one large slider)
 * show the same part of their image. A point `c` of the fitted image (also in pane fractions
 * from the centre) appears at `offset + scale * c`.
 */
export type ViewTransform = { scale: number; x: number; y: number };

/** A point in a pane: fractions of its width and height from its centre (-0.5 … 0.5). */
export type PanePoint = { x: number; y: number };

export const FIT: ViewTransform = { scale: 1, x: 0, y: 0 };
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 64;
export const KEY_ZOOM_FACTOR = 1.25;
/** A key press pans by this share of the pane. */
export const KEY_PAN_STEP = 0.1;

const CENTRE: PanePoint = { x: 0, y: 0 };

/** Zooms by `factor` keeping the image point under `at` where it is. */
export function zoomAt(view: ViewTransform, factor: number, at: PanePoint = CENTRE): ViewTransform {
  const scale = clamp(view.scale * factor, MIN_SCALE, MAX_SCALE);
  const ratio = scale / view.scale;
  return clampOffset({
    scale,
    x: at.x - ratio * (at.x - view.x),
    y: at.y - ratio * (at.y - view.y),
  });
}

/** Zooms to an absolute scale around the centre of what is shown now. */
export function zoomTo(view: ViewTransform, scale: number): ViewTransform {
  return zoomAt(view, scale / view.scale);
}

/** Moves the image by a share of the pane (positive: right / down). */
export function panBy(view: ViewTransform, dx: number, dy: number): ViewTransform {
  return clampOffset({ ...view, x: view.x + dx, y: view.y + dy });
}

/** Once zoomed in the image always covers the pane; at or below fit it sits centred. */
export function clampOffset(view: ViewTransform): ViewTransform {
  const limit = Math.max(0, (view.scale - 1) / 2);
  return { scale: view.scale, x: clamp(view.x, -limit, limit), y: clamp(view.y, -limit, limit) };
}

/** The CSS transform of a layer the size of its pane (`transform-origin: center`). */
export function toCss(view: ViewTransform): string {
  return `translate(${round(view.x * 100)}%, ${round(view.y * 100)}%) scale(${round(view.scale)})`;
}

/** Where a pointer is in a pane, from its client position and the pane's rectangle. */
export function panePoint(
  rect: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>,
  clientX: number,
  clientY: number,
): PanePoint {
  if (rect.width <= 0 || rect.height <= 0) return CENTRE;
  return {
    x: (clientX - rect.left) / rect.width - 0.5,
    y: (clientY - rect.top) / rect.height - 0.5,
  };
}

/**
 * The scale at which one image pixel covers one device pixel, for an image of `natural` size
 * shown contained (`object-fit: contain`) in a pane of `pane` CSS pixels.
 */
export function actualPixelScale(
  natural: { width: number; height: number },
  pane: { width: number; height: number },
  devicePixelRatio: number,
): number {
  if (natural.width <= 0 || natural.height <= 0 || pane.width <= 0 || pane.height <= 0) return 1;
  const fit = Math.min(pane.width / natural.width, pane.height / natural.height);
  return clamp(1 / (fit * devicePixelRatio), MIN_SCALE, MAX_SCALE);
}

/** The zoom factor of one wheel event (trackpads send many small deltas, mice few large ones). */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-clamp(pixels, -200, 200) * 0.0025);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
