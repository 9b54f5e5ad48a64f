import { type PeelConfig } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  release(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise the embedded PostgreSQL under `PEEL_DATA_DIR`. */
export async function resolveDatabase(
  config: PeelConfig,
  log: (message: string) => void,
): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, release: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log,
  });
  return { url: embedded.url, embedded: true, release: embedded.stop };
}
