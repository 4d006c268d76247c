/** Attachments: type by content (sniff.ts), size limits (limits.ts), content address (hash.ts). */
export * from './sniff';
export * from './limits';
export * from './hash';
