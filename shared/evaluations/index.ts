/** 社会评价: fields and rules (fields.ts), import parsing (parse.ts), import plan (plan.ts), template. */
export * from './fields';
export * from './parse';
export * from './plan';
export * from './template';
