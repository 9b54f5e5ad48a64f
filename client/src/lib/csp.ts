/**
 * The app runs under a Content-Security-Policy without 'unsafe-eval'. zod compiles object
 * parsers with `new Function` when it may, and its probe for that trips a CSP violation report;
 * `jitless` tells it not to try. zod reads this global when it loads, so this module is imported
 * first (main.tsx), before anything that imports zod.
 */
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
