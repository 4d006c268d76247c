/**
 * Displaying stored bytes: object URLs are created per attachment and revoked when the element
 * goes away, so a long timeline does not leak memory. Attachments are content-addressed, so the
 * URL is keyed by hash: a live query re-reading the same record does not recreate it.
 */
import { useEffect, useState } from 'react';

export function toBlob(data: Blob | Uint8Array, mime: string): Blob {
  return data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type: mime });
}

export function useObjectUrl(key: string, data: Blob | Uint8Array | null | undefined, mime: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!data) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(toBlob(data, mime));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
    // keyed by content hash on purpose (see above)
  }, [key, data === null || data === undefined]);
  return url;
}
