import { useId, type TextareaHTMLAttributes } from 'react';

interface TextBoxProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value'> {
  label: string;
  value: string;
  /** counted in characters as people count them (a CJK character is one) */
  max: number;
  hint?: string;
}

/** A labelled multi-line field with a visible character count against its limit. */
export function TextBox({ label, value, max, hint, rows = 4, ...area }: TextBoxProps) {
  const id = useId();
  const count = [...value].length;
  const over = count > max;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} aria-invalid={over || undefined} aria-describedby={`${id}-count`} {...area} />
      <div id={`${id}-count`} className={over ? 'field-error' : 'field-hint'}>
        {hint ? `${hint}　` : ''}
        {count} / {max} 字{over ? `，超出 ${count - max} 字` : ''}
      </div>
    </div>
  );
}
