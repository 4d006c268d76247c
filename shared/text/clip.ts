/**
 * Cell text quoted in a message. Policy: a message names the offending value so the admin can
 * find it, but a hostile or mistaken cell of thousands of characters must not turn one row's
 * error into a wall of text (or a 10,000-row file into hundreds of megabytes of messages): text
 * longer than `max` characters is cut and its length given instead.
 */
export function clip(text: string, max = 40): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…（共 ${chars.length} 个字）`;
}
