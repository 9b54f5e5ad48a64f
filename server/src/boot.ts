import * as path from 'node:path';
import { type PeelConfig } from './common/config/config';
import { createDataSource } from './common/db/data-source';
import { migrate } from './common/db/migrations';
import { createDemoBatches } from './batches/demo-batches';
import { createSimulatedDemoBatches } from './batches/demo-simulation';
import { loadSampleIfEmpty } from './dataset/sample/sample-loader';
import { pseudonymKey } from './exports/pseudonym';
import { createDemoAccounts, demoAccountsExist } from './users/demo-accounts';

export interface PreparedDatabase {
  /** Whether the demo accounts exist (to print them). */
  demoAccounts: boolean;
}

/**
 * Everything the database needs before the app serves: migrations (first: the app's session
 * store needs its tables), then on a demo start the sample data, demo accounts and demo batches.
 */
export async function prepareDatabase(
  url: string,
  config: PeelConfig,
  log: (message: string) => void,
): Promise<PreparedDatabase> {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'peel-boot' });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    // The export pseudonym key exists from the first start, so every backup carries it: a restored
    // installation pseudonymises raters exactly as the original (not with a key of its own).
    await pseudonymKey(dataSource.manager);
    const sampleDir = path.join(config.dataDir, 'sample');
    if (config.sampleData && (await loadSampleIfEmpty(dataSource, sampleDir, log))) {
      log('loaded the bundled sample dataset');
    }
    if (config.demo && (await createDemoAccounts(dataSource))) log('created the demo accounts');
    if (config.demo && config.sampleData && (await createDemoBatches(dataSource))) {
      log('created the demo batches');
      if (await createSimulatedDemoBatches(dataSource, config)) {
        log('created the demo batches answered by simulated raters');
      }
    }
    return { demoAccounts: config.demo && (await demoAccountsExist(dataSource)) };
  } finally {
    await dataSource.destroy();
  }
}
