import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getSetting } from '../../db/repos/settings';
import { useSession } from './store';

const EVENTS = ['pointerdown', 'keydown', 'wheel', 'pointermove'] as const;

/**
 * Signs the user out after the configured minutes without input (setting idleLockMinutes, default
 * 15; 0 turns it off; a change applies at once). Returns the notice to show on the login screen.
 */
export function useIdleLock(): string | null {
  const session = useSession((s) => s.session);
  const signOut = useSession((s) => s.signOut);
  const minutes = useLiveQuery(async () => getSetting('idleLockMinutes'), []);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (session) setNotice(null);
  }, [session]);

  useEffect(() => {
    if (!session || !minutes) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        setNotice(`已超过 ${minutes} 分钟未操作，系统已自动锁定，请重新登录。`);
        signOut();
      }, minutes * 60_000);
    };
    arm();
    for (const e of EVENTS) window.addEventListener(e, arm, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of EVENTS) window.removeEventListener(e, arm);
    };
  }, [session, minutes, signOut]);

  return notice;
}
