import fc from 'fast-check';

function seedFromEnv(): number {
  const given = process.env.PEEL_FUZZ_SEED;
  if (given === undefined || given === '') return Date.now() % 2 ** 31;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed))
    throw new Error(`PEEL_FUZZ_SEED must be an integer, not "${given}"`);
  return seed;
}

/** This run's seed, one for every property of the file: PEEL_FUZZ_SEED replays a run. */
export const FUZZ_SEED = seedFromEnv();

/** Runs per property: sized for two shared CPU cores; PEEL_FUZZ_RUNS=200 for a deeper run. */
export const FUZZ_RUNS = Number(process.env.PEEL_FUZZ_RUNS ?? 40);

/**
 * `fc.assert` with the run's seed; a failure names the seed and how to replay it first, then
 * fast-check's own report (the counterexample, its shrunk path).
 */
export async function assertProperty<T>(
  property: fc.IAsyncProperty<T>,
  what: string,
  runs = FUZZ_RUNS,
): Promise<void> {
  try {
    await fc.assert(property, { numRuns: runs, seed: FUZZ_SEED });
  } catch (error) {
    throw new Error(
      `${what} failed; replay with PEEL_FUZZ_SEED=${FUZZ_SEED} PEEL_FUZZ_RUNS=${runs}\n` +
        `${(error as Error).message}`,
      { cause: error },
    );
  }
}
