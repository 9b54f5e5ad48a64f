export * from './constants';
export * from './fields';
export * from './auth';
export * from './users';
export * from './health';
export * from './batches';
export * from './judgments';
export * from './queue';
