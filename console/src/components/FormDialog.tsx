// A modal form (rename, rotate): the first field has the focus, Escape or Cancel closes it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface Props {
  title: string;
  submitLabel: string;
  busy?: boolean;
  error?: string;
  onSubmit(): void;
  onClose(): void;
  children: ComponentChildren;
}

export function FormDialog({ title, submitLabel, busy, error, onSubmit, onClose, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    const element = dialog.current;
    return () => {
      // Close it first: while a modal dialog is open the rest of the page is inert and takes no focus.
      if (element?.open) element.close();
      // back to the button that opened it, or (when its row is gone) to the page heading
      (opener?.isConnected ? opener : document.querySelector<HTMLElement>('main h1'))?.focus();
    };
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
