import { useEffect, useState } from 'react';
import { getSetting } from '../../db/repos/settings';
import { useSession } from './store';

const EVENTS = ['pointerdown', 'keydown', 'wheel', 'pointermove'] as const;

/**
 * Signs the user out after the configured minutes without input (setting idleLockMinutes, default
 * 15; 0 turns it off). Returns the notice to show on the login screen.
 */
export function useIdleLock(): string | null {
  const session = useSession((s) => s.session);
  const signOut = useSession((s) => s.signOut);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    setNotice(null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let minutes = 0;
    let cancelled = false;
    const arm = () => {
      clearTimeout(timer);
      if (minutes > 0)
        timer = setTimeout(() => {
          setNotice(`已超过 ${minutes} 分钟未操作，系统已自动锁定，请重新登录。`);
          signOut();
        }, minutes * 60_000);
    };
    void getSetting('idleLockMinutes').then((m) => {
      if (cancelled) return;
      minutes = Number(m) || 0;
      arm();
    });
    for (const e of EVENTS) window.addEventListener(e, arm, { passive: true });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      for (const e of EVENTS) window.removeEventListener(e, arm);
    };
  }, [session?.account.id, signOut]);

  return notice;
}
