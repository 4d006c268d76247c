// Test doubles for the parts of Electron the main process touches. Only the behaviour the code
// under test relies on is modelled; everything records its calls through vi.fn.
import { vi } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';

type Listener = (...args: unknown[]) => unknown;

export function emitterOf() {
  const listeners = new Map<string, Listener[]>();
  return {
    listeners,
    add(event: string, fn: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    },
    emit(event: string, ...args: unknown[]) {
      for (const fn of listeners.get(event) ?? []) fn(...args);
    },
  };
}

export interface FakeWebContents {
  on: ReturnType<typeof vi.fn>;
  setWindowOpenHandler: ReturnType<typeof vi.fn>;
  getType: () => string;
  close: ReturnType<typeof vi.fn>;
  emit(event: string, ...args: unknown[]): void;
  /** what the window-open handler answers for a `window.open(url)` */
  openWindow(url: string): unknown;
  asWebContents(): WebContents;
}

export function fakeWebContents(type = 'window'): FakeWebContents {
  const events = emitterOf();
  let openHandler: ((details: { url: string }) => unknown) | null = null;
  const wc: FakeWebContents = {
    on: vi.fn((event: string, fn: Listener) => {
      events.add(event, fn);
      return wc;
    }),
    setWindowOpenHandler: vi.fn((fn: (details: { url: string }) => unknown) => {
      openHandler = fn;
    }),
    getType: () => type,
    close: vi.fn(),
    emit: (event, ...args) => events.emit(event, ...args),
    openWindow: (url) => {
      if (!openHandler) throw new Error('no window open handler installed');
      return openHandler({ url });
    },
    asWebContents: () => wc as unknown as WebContents,
  };
  return wc;
}

/** A navigation event as Electron 45 passes it (details object first, deprecated url second). */
export function navigation(url: string) {
  const event = { url, preventDefault: vi.fn() };
  return { event, args: [event, url] as const };
}

export function invokeEvent(frameUrl: string | null, opts: { subframe?: boolean } = {}): IpcMainInvokeEvent {
  const senderFrame = frameUrl === null ? null : { url: frameUrl, parent: opts.subframe ? { url: 'app://yca/index.html' } : null };
  return { senderFrame, sender: { id: 1 } } as unknown as IpcMainInvokeEvent;
}
