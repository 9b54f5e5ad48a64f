export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { peelEmbedded?: { stop(): Promise<void> } }).peelEmbedded;
  await embedded?.stop();
}
