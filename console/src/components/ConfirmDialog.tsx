// A modal confirmation (the native <dialog>: focus stays inside, Escape cancels). Cancel has the
// focus first, so Enter on an unread dialog does nothing destructive; focus returns to the button
// that opened it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface Props {
  title: string;
  confirmLabel: string;
  busy?: boolean;
  error?: string;
  onConfirm(): void;
  onClose(): void;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, busy, error, onConfirm, onClose, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    cancel.current?.focus();
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
      <h2 id={titleId}>{title}</h2>
      {children}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="button" ref={cancel} onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
