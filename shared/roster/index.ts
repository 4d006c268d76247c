/** Roster (集体名单) import and template: see parse.ts for the import policy. */
export * from './fields';
export * from './parse';
export * from './plan';
export * from './template';
