/** Demo data (演示数据): a seeded generator of realistic records for first looks, the CLI and `npm run bench`. */
export * from './generate';
export * from './roster';
export { Rng, streamFor, hashSeed } from './random';
export { demoPng } from './png';
export * from './exports';
