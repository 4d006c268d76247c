import { useId, type InputHTMLAttributes } from 'react';

interface FilePickerProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  label: string;
  hint?: string;
}

/**
 * A file input whose visible face is its label, styled as a button in the product's language
 * (the browser's own "Choose File" text follows the browser, not the app). The input stays in
 * the page (visually hidden, still focusable), so keyboard users and tests reach it by its label.
 */
export function FilePicker({ label, hint, disabled, ...input }: FilePickerProps) {
  const id = useId();
  return (
    <div className="field logs-filepicker">
      <input id={id} type="file" className="logs-visually-hidden" disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id} className={`logs-filepicker-button${disabled ? ' disabled' : ''}`}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}
