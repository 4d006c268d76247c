/**
 * Hybrid logical clock revision stamps.
 *
 * Policy: every stored record carries `rev`, a string that sorts (lexicographically) in causal
 * order across devices even when a laptop's wall clock is wrong. Format:
 *   <physical ms, 13 digits>-<logical counter, 4 hex>-<device id>
 * A device never issues a stamp lower than one it has seen (local or received in a package), so a
 * clock set back by a year still produces newer revisions than anything it has already stored.
 */
export interface HlcState {
  /** highest physical time seen, in ms */
  wall: number;
  /** logical counter within `wall` */
  counter: number;
}

export const MAX_COUNTER = 0xffff;

export function formatRev(wall: number, counter: number, deviceId: string): string {
  return `${String(Math.max(0, Math.floor(wall))).padStart(13, '0')}-${counter.toString(16).padStart(4, '0')}-${deviceId}`;
}

export interface ParsedRev {
  wall: number;
  counter: number;
  deviceId: string;
}

export function parseRev(rev: string): ParsedRev {
  const m = /^(\d{13})-([0-9a-f]{4})-(.+)$/.exec(rev);
  if (!m) throw new Error(`无效的修订戳：${rev}`);
  return { wall: Number(m[1]), counter: parseInt(m[2]!, 16), deviceId: m[3]! };
}

/** Issue the next stamp for a local change. Mutates and returns `state`. */
export function tick(state: HlcState, now: number): HlcState {
  if (now > state.wall) {
    state.wall = now;
    state.counter = 0;
  } else if (state.counter < MAX_COUNTER) {
    state.counter += 1;
  } else {
    // counter exhausted within one millisecond: borrow the next millisecond
    state.wall += 1;
    state.counter = 0;
  }
  return state;
}

/** Fold in a stamp received from elsewhere, so later local stamps sort after it. */
export function observe(state: HlcState, remoteRev: string, now: number): HlcState {
  const r = parseRev(remoteRev);
  const wall = Math.max(state.wall, r.wall, now);
  let counter: number;
  if (wall === state.wall && wall === r.wall) counter = Math.max(state.counter, r.counter) + 1;
  else if (wall === state.wall) counter = state.counter + 1;
  else if (wall === r.wall) counter = r.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) {
    state.wall = wall + 1;
    state.counter = 0;
  } else {
    state.wall = wall;
    state.counter = counter;
  }
  return state;
}

export function compareRev(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A clock bound to one device: the renderer keeps one and persists its state. */
export class HybridClock {
  private state: HlcState;
  constructor(
    readonly deviceId: string,
    initial: HlcState = { wall: 0, counter: 0 },
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!/^[A-Za-z0-9]{4,32}$/.test(deviceId)) throw new Error('设备标识无效');
    this.state = { ...initial };
  }
  next(): string {
    tick(this.state, this.now());
    return formatRev(this.state.wall, this.state.counter, this.deviceId);
  }
  receive(rev: string): void {
    observe(this.state, rev, this.now());
  }
  snapshot(): HlcState {
    return { ...this.state };
  }
}
