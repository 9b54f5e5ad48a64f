import { CreateDataset1764236400000 } from './1764236400000-CreateDataset';

/** Every migration, in order. Add each new file here (CI's `migration:check` finds forgotten ones). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [CreateDataset1764236400000];
