export * from './dataset';
export * from './errors';
export * from './limits';
export * from './questions';
export * from './taxonomy';
export * from './contract';
export * from './agreement';
