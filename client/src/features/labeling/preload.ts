import { type Task } from '@peel/shared';

/**
 * Images fetched and decoded ahead of time, so the next task paints at once after a submit.
 * The decoded `Image` objects are kept (a bounded number) so the browser keeps their pixels.
 */
type Entry = { image: HTMLImageElement; ready: Promise<boolean>; ok: boolean | null };

const MAX_ENTRIES = 80;
const entries = new Map<string, Entry>();

export function preloadImage(url: string): Promise<boolean> {
  const cached = entries.get(url);
  if (cached) {
    // Most recently used last: the oldest are dropped first.
    entries.delete(url);
    entries.set(url, cached);
    return cached.ready;
  }
  const image = new Image();
  image.decoding = 'async';
  const entry: Entry = { image, ok: null, ready: Promise.resolve(false) };
  entry.ready = loadAndDecode(image, url).then((ok) => {
    entry.ok = ok;
    return ok;
  });
  entries.set(url, entry);
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
  return entry.ready;
}

async function loadAndDecode(image: HTMLImageElement, url: string): Promise<boolean> {
  image.src = url;
  try {
    await image.decode();
    return true;
  } catch {
    return false;
  }
}

/** Whether a preloaded image failed (true), loaded (false) or is not known yet (null). */
export function knownBroken(url: string): boolean | null {
  const ok = entries.get(url)?.ok;
  return ok === undefined || ok === null ? null : !ok;
}

export function taskImageUrls(task: Task): string[] {
  const item = task.item;
  switch (item.kind) {
    case 'pairwise':
      return [item.source.url, item.a.url, item.b.url];
    case 'multi_turn':
      return [item.source.url, ...item.turns.map((turn) => turn.image.url)];
    case 'taxonomy':
      return [item.source.url, item.edit.url];
  }
}

/** Fetches and decodes every image of a task; resolves when all have settled. */
export function preloadTask(task: Task): Promise<void> {
  return Promise.all(taskImageUrls(task).map(preloadImage)).then(() => undefined);
}
