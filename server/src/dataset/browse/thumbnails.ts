import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import sharp from 'sharp';
import { PEEL_CONFIG, type PeelConfig } from '../../common/config/config';
import { DomainError } from '../../common/errors/domain-error';
import { imageUrl, mirrorPath } from '../images/image-urls';

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 160;

/** The API path of an image's thumbnail (only served with a local mirror). */
export function thumbnailPath(reference: string): string {
  return `/api/dataset/thumbnail?image=${encodeURIComponent(reference)}`;
}

export type Thumbnail = { file: string } | { redirect: string };

/**
 * Thumbnails of the local image mirror (`PEEL_IMAGE_DIR`), made with sharp on first request and
 * cached on disk under `PEEL_DATA_DIR/thumbnails` (remade when the image is newer). Without a
 * mirror the browser is sent to the image itself.
 */
@Injectable()
export class ThumbnailService {
  constructor(@Inject(PEEL_CONFIG) private readonly config: PeelConfig) {}

  async thumbnail(reference: string): Promise<Thumbnail> {
    const root = this.config.imageDir;
    if (!root) return { redirect: imageUrl(this.config, reference) };
    const source = path.resolve(root, mirrorPath(reference));
    if (!source.startsWith(root + path.sep)) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request: image', [
        { path: 'image', message: 'Not an image of the dataset' },
      ]);
    }
    let sourceStat;
    try {
      sourceStat = await fs.stat(source);
    } catch {
      throw new DomainError('NOT_FOUND', `No image ${reference} in the local mirror`);
    }
    const hash = createHash('sha256').update(reference).digest('hex');
    const file = path.join(this.config.dataDir, 'thumbnails', hash.slice(0, 2), `${hash}.webp`);
    const cached = await fs.stat(file).catch(() => null);
    if (cached && cached.mtimeMs >= sourceStat.mtimeMs) return { file };
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await sharp(source)
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 70 })
        .toFile(temporary);
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw new DomainError(
        'BAD_REQUEST',
        `${reference} is not an image sharp can read: ${(error as Error).message}`,
      );
    }
    return { file };
  }
}
