/** Limits shared by the server, the CLI and the client. */
export const LIMITS = {
  /** Longest JSONL line the importer accepts, in bytes (the real records are a few KB). */
  importMaxLineBytes: 1024 * 1024,
  /** Problems listed in one import report; further ones are counted, not listed. */
  importMaxListedProblems: 1000,
  /** Rows per COPY batch into the staging tables. */
  importCopyBatchRows: 20_000,
  /** Longest instruction text kept, in characters. */
  instructionMaxChars: 20_000,
  /** Largest JSON request body the API reads, in bytes; a larger one is a 413 PAYLOAD_TOO_LARGE. */
  jsonBodyMaxBytes: 1024 * 1024,
  /** Largest url-encoded form body, in bytes (the API takes JSON; forms only by mistake). */
  formBodyMaxBytes: 100 * 1024,
} as const;
