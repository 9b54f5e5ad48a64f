import { dawidSkene, type LabelSet, mulberry32 } from '@peel/shared';
import { DawidSkeneWorker } from './dawid-skene-worker';

function labels(seed: number): LabelSet {
  const random = mulberry32(seed);
  const n = 3000;
  const item = new Int32Array(n);
  const rater = new Int32Array(n);
  const label = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    item[e] = Math.floor(e / 3);
    rater[e] = (e % 3) + 3 * Math.floor(random() * 2);
    label[e] = random() < 0.7 ? item[e] % 3 : Math.floor(random() * 3);
  }
  return { nItems: n / 3, nRaters: 6, nClasses: 3, item, rater, label };
}

describe('DawidSkeneWorker', () => {
  const worker = new DawidSkeneWorker();

  afterAll(async () => {
    await worker.close();
  });

  it('gives the shared function’s result, off the main thread, for jobs in flight together', async () => {
    const jobs = [1, 2, 3].map((seed) => labels(seed));
    const results = await Promise.all(jobs.map((job) => worker.run(job, { tolerance: 1e-6 })));
    expect(worker.running).toBe(true);
    results.forEach((result, i) => {
      const inline = dawidSkene(jobs[i], { tolerance: 1e-6 });
      expect(Array.from(result.posteriors)).toEqual(Array.from(inline.posteriors));
      expect(Array.from(result.winners)).toEqual(Array.from(inline.winners));
      expect(result.iterations).toBe(inline.iterations);
    });
  });

  it('still answers when the worker goes away mid-job', async () => {
    const job = labels(4);
    const pending = worker.run(job, {});
    await worker.close();
    expect(worker.running).toBe(false);
    const result = await pending;
    expect(Array.from(result.winners)).toEqual(Array.from(dawidSkene(job, {}).winners));
  });
});
