import { useId } from 'react';

/** A labelled textarea with a visible count against its limit. */
export function TextArea({ label, value, onChange, max, hint, rows = 4 }: { label: string; value: string; onChange: (v: string) => void; max: number; hint?: string; rows?: number }) {
  const id = useId();
  const over = value.length > max;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={over || undefined} aria-describedby={`${id}-count`} />
      <div id={`${id}-count`} className={over ? 'field-error' : 'field-hint'}>
        {hint ? `${hint}。` : ''}
        {value.length} / {max} 字{over ? `，超出 ${value.length - max} 字` : ''}
      </div>
    </div>
  );
}
