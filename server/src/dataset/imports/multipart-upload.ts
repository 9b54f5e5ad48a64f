import { type Request } from 'express';
import Busboy from 'busboy';
import { type DatasetKind, UploadImportFields } from '@peel/shared';
import { DomainError } from '../../common/errors/domain-error';
import { ZodValidationPipe } from '../../common/validation/zod-validation.pipe';
import { type ImportInput, ImportSourceError } from '../ingest/import-source';
import { guardInput } from './sniff';

const uploadFields = new ZodValidationPipe(UploadImportFields);

export function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`;
}

/** Starts the import of the upload's file; what it answers is the upload's answer. */
export type StartUpload<T> = (
  input: ImportInput,
  options: { kind?: DatasetKind; strict: boolean },
  inputEnded: Promise<void>,
) => Promise<T>;

/**
 * Reads a multipart upload: the fields (`kind`, `strict`) first, then the `file` part streamed
 * into `start` with backpressure (never held whole, at most `max` bytes). Answers what `start`
 * answered once the body is read; a request with no usable file is a 4xx naming the field.
 */
export function receiveUpload<T extends { done: Promise<unknown> }>(
  request: Request,
  max: number,
  start: StartUpload<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({
        headers: request.headers,
        limits: { files: 1, fileSize: max, fields: 5, fieldSize: 1000, parts: 8 },
        fileHwm: 1 << 20,
      });
    } catch (error) {
      reject(new DomainError('BAD_REQUEST', `Not a multipart upload: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let starting: Promise<T> | undefined;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      request.unpipe(busboy);
      request.resume();
      // A body that breaks after the file began: the import already started owns the answer
      // (it fails on its cut input and is recorded; a file that arrived whole may complete).
      if (starting) starting.then(resolve, reject);
      else reject(error);
    };
    busboy.on('field', (name, value) => {
      fields[name] = value;
    });
    busboy.on('file', (name, stream, info) => {
      // A body cut short destroys the part being read with an error, also a part nobody reads
      // any more (a second file, one the importer left): without a listener that would be an
      // uncaught 'error' and the end of the process. The importer sees it through its iterator.
      stream.on('error', () => undefined);
      if (failed || starting) {
        stream.resume();
        return;
      }
      if (name !== 'file') {
        stream.resume();
        const field = name ? `field "${name}"` : 'a part without a field name';
        fail(
          new DomainError('VALIDATION_FAILED', `Invalid request: a file in ${field}`, [
            { path: name || '(unnamed part)', message: 'Send the file in the field named "file"' },
          ]),
        );
        return;
      }
      let options: UploadImportFields;
      try {
        options = uploadFields.transform(fields);
      } catch (error) {
        stream.resume();
        fail(error);
        return;
      }
      // The importer may stop reading early (a bad file): it must not destroy the part's stream,
      // which would stall the multipart parser; what it leaves is drained below instead.
      const input = guardInput(stream.iterator({ destroyOnReturn: false }), options.kind, () => {
        if (stream.truncated) {
          throw new ImportSourceError(`the upload is larger than the ${mib(max)} limit`);
        }
      });
      starting = start(
        { source: `upload:${info.filename || 'file.jsonl'}`, chunks: input.chunks },
        { kind: options.kind, strict: options.strict ?? false },
        input.ended,
      );
      starting.then(
        (started) => void started.done.catch(() => undefined).finally(() => stream.resume()),
        () => stream.resume(),
      );
    });
    busboy.on('close', () => {
      if (failed) return;
      if (!starting) {
        reject(
          new DomainError('VALIDATION_FAILED', 'Invalid request: file', [
            { path: 'file', message: 'No file in the upload: send it in the field "file"' },
          ]),
        );
        return;
      }
      starting.then(resolve, reject);
    });
    busboy.on('error', (error) =>
      fail(new DomainError('BAD_REQUEST', `Not a readable upload: ${error.message}`)),
    );
    request.pipe(busboy);
  });
}
