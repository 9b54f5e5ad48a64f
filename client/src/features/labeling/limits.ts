import { type REASON_MAX_CHARS as CONTRACT_REASON_MAX_CHARS } from '@peel/shared';

/**
 * The contract's limits the rater's screen needs. Importing the values from `@peel/shared` would
 * pull the module's zod schemas (and zod) into the rater's bundle; the type keeps them equal.
 */
export const REASON_MAX_CHARS: typeof CONTRACT_REASON_MAX_CHARS = 2000;
