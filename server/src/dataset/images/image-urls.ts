import { type PeelConfig } from '../../common/config/config';

/** Where the server serves the local image mirror from. */
export const IMAGE_ROUTE = '/images';

/**
 * The mirror path of an image reference: a relative dataset path is itself; an absolute URL
 * (a source image on Flickr) is `sources/<host><path>`.
 */
export function mirrorPath(reference: string): string {
  if (!/^https?:\/\//i.test(reference)) return reference.replace(/^\/+/, '');
  const url = new URL(reference);
  return `sources/${url.host}${url.pathname}`;
}

/**
 * The URL a browser loads an image from: the local mirror (`PEEL_IMAGE_DIR`) when there is one,
 * else `PEEL_IMAGE_BASE_URL` + path for edited images and the source's own URL for sources.
 */
export function imageUrl(
  config: Pick<PeelConfig, 'imageDir' | 'imageBaseUrl'>,
  reference: string,
): string {
  if (config.imageDir)
    return `${IMAGE_ROUTE}/${mirrorPath(reference).split('/').map(encodeURIComponent).join('/')}`;
  if (/^https?:\/\//i.test(reference)) return reference;
  return config.imageBaseUrl + reference.replace(/^\/+/, '');
}
