import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  dawidSkene,
  type DawidSkeneOptions,
  type DawidSkeneResult,
  type LabelSet,
} from '@peel/shared';

/** Runs Dawid–Skene somewhere: on a worker thread, or inline (tests). */
export type DawidSkeneRunner = (
  labels: LabelSet,
  options: DawidSkeneOptions,
) => Promise<DawidSkeneResult>;

export const inlineDawidSkene: DawidSkeneRunner = async (labels, options) =>
  dawidSkene(labels, options);

const RESULT_ARRAYS = ['posteriors', 'winners', 'margins', 'priors', 'confusion', 'raterAccuracy'];

// The worker runs the shared library's own build (plain JavaScript in both the server's build and
// the tests, which run TypeScript sources), so its results are the shared function's.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { dawidSkene } = require(workerData.shared);
const arrays = ${JSON.stringify(RESULT_ARRAYS)};
parentPort.on('message', ({ id, labels, options }) => {
  try {
    const result = dawidSkene(labels, options);
    parentPort.postMessage({ id, result }, arrays.map((key) => result[key].buffer));
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/**
 * The shared package's built entry (its manifest's `main`), named by path so that a test runner
 * mapping `@peel/shared` to TypeScript sources does not hand the worker a file it cannot load.
 */
function sharedBuild(): string {
  const manifest = createRequire(__filename).resolve('@peel/shared/package.json');
  const { main } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { main: string };
  return path.join(path.dirname(manifest), main);
}

interface Job {
  resolve(result: DawidSkeneResult): void;
  reject(error: Error): void;
}

/**
 * Dawid–Skene off the event loop: EM over a million labels takes a second or two, which would
 * stall every other request of the process. One worker thread per process (started on first use,
 * not keeping the process alive while idle) takes the jobs in order, so a batch report runs EM for
 * one question while the main thread streams the next question's answers. Should the worker fail
 * to start, the job runs inline.
 */
@Injectable()
export class DawidSkeneWorker implements OnModuleDestroy {
  private readonly logger = new Logger(DawidSkeneWorker.name);
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;

  readonly run: DawidSkeneRunner = (labels, options) =>
    this.post(labels, options).catch((error: Error) => {
      this.logger.warn(`Dawid–Skene worker failed (${error.message}); running it inline`);
      return dawidSkene(labels, options);
    });

  /** Whether the worker thread is up (it starts on the first job). */
  get running(): boolean {
    return this.worker !== null;
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private post(labels: LabelSet, options: DawidSkeneOptions): Promise<DawidSkeneResult> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<DawidSkeneResult>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, labels, options });
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared: sharedBuild() } });
    worker.on('message', (message: { id: number; result?: DawidSkeneResult; error?: string }) => {
      const job = this.jobs.get(message.id);
      this.jobs.delete(message.id);
      if (this.jobs.size === 0) worker.unref();
      if (message.error !== undefined) job?.reject(new Error(message.error));
      else job?.resolve(message.result!);
    });
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`worker exited with ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }
}
