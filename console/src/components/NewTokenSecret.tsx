// The full token, shown once after creating (or rotating) it, with a copy button and the warning that
// it will not be shown again. It lives only in this component's props: "Done" drops it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CreatedToken } from '../api/types.ts';

interface Props {
  created: CreatedToken;
  heading: string;
  onDone(): void;
}

export function NewTokenSecret({ created, heading, onDone }: Props) {
  const [copyStatus, setCopyStatus] = useState('');
  const title = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => title.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.full_token);
      setCopyStatus('Copied to the clipboard.');
    } catch {
      field.current?.select();
      setCopyStatus('Copying was not allowed: the token is selected, press Ctrl+C (or ⌘C) to copy it.');
    }
  }

  return (
    <section class="secret" aria-labelledby="new-token-title">
      <h2 id="new-token-title" tabIndex={-1} ref={title}>
        {heading}
      </h2>
      <p class="warning">
        <strong>Copy this token now: it will not be shown again.</strong> Tessera keeps only a digest of it and
        cannot show it to anyone later. If it is lost, revoke it and create a new one.
      </p>
      <label for="new-token-value">Full token ({created.token_prefix}…)</label>
      <div class="copy-row">
        <input
          id="new-token-value"
          ref={field}
          class="mono"
          readOnly
          value={created.full_token}
          autoComplete="off"
          spellcheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="primary" onClick={copy}>
          Copy token
        </button>
      </div>
      <p role="status" class="status">
        {copyStatus}
      </p>
      <button type="button" onClick={onDone}>
        Done, I have stored it
      </button>
    </section>
  );
}
