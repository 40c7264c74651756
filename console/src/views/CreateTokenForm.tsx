// Create a token with every option of the API: description, max age (presets, never, or a number of
// seconds), extend when used, scopes (from a list, plus custom ones) and an IP allowlist checked as it
// is typed.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { isValidScope } from '../../../src/domain/scopes.ts';
import { DEFAULT_MAX_AGE_SECONDS, MAX_MAX_AGE_SECONDS, MIN_MAX_AGE_SECONDS } from '../../../src/domain/expiry.ts';
import type { CreatedToken, CreateTokenRequest } from '../api/types.ts';
import { allowlistEntries, cidrProblem } from '../format/cidr.ts';
import { duration } from '../format/time.ts';
import { ENFORCED_SCOPES, OTHER_AIVEN_SCOPES } from '../tokens/scope-choices.ts';

// The server's own lifetime rules (src/domain/expiry.ts is pure; token-limits.ts needs node:net, so the
// description limit is repeated here: DESCRIPTION_MAX_LENGTH there).
const MIN_MAX_AGE = MIN_MAX_AGE_SECONDS;
const MAX_MAX_AGE = MAX_MAX_AGE_SECONDS;
const DESCRIPTION_MAX_LENGTH = 1000;
const MAX_AGE_PRESETS: Array<{ value: string; label: string }> = [
  { value: 'default', label: 'Server default' },
  ...[3600, 8 * 3600, 86400, 7 * 86400, 30 * 86400, 90 * 86400, 365 * 86400].map((s) => ({ value: String(s), label: duration(s) })),
  { value: '0', label: 'Never expires' },
  { value: 'custom', label: 'Custom (seconds)' },
];

interface Props {
  onCreate(request: CreateTokenRequest): Promise<CreatedToken>;
  onCancel(): void;
}

export function CreateTokenForm({ onCreate, onCancel }: Props) {
  const id = useId();
  const [description, setDescription] = useState('');
  const [maxAge, setMaxAge] = useState('default');
  const [customSeconds, setCustomSeconds] = useState('');
  const [extend, setExtend] = useState(false);
  const [restrict, setRestrict] = useState(false);
  const [scopes, setScopes] = useState<string[]>([]);
  const [customScopes, setCustomScopes] = useState('');
  const [allowlist, setAllowlist] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const cidrProblems = allowlistEntries(allowlist).map(cidrProblem).filter((p): p is string => p !== undefined);
  const customScopeList = customScopes.split(/[\s,]+/).filter(Boolean);
  const badScopes = customScopeList.filter((scope) => !isValidScope(scope));
  const seconds = Number(customSeconds);
  const customProblem =
    maxAge !== 'custom'
      ? undefined
      : !/^\d+$/.test(customSeconds)
        ? 'Enter a whole number of seconds.'
        : seconds !== 0 && (seconds < MIN_MAX_AGE || seconds > MAX_MAX_AGE)
          ? `Between ${MIN_MAX_AGE} and ${MAX_MAX_AGE} seconds (or 0 for never).`
          : undefined;
  const invalid = cidrProblems.length > 0 || (restrict && badScopes.length > 0) || customProblem !== undefined;

  function toggleScope(scope: string, on: boolean) {
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (invalid) {
      setError('Fix the fields marked invalid first.');
      return;
    }
    const request: CreateTokenRequest = { description: description.trim() };
    if (maxAge === 'custom') request.max_age_seconds = seconds;
    else if (maxAge !== 'default') request.max_age_seconds = Number(maxAge);
    if (extend) request.extend_when_used = true;
    if (restrict) request.scopes = [...new Set([...scopes, ...customScopeList])];
    const entries = allowlistEntries(allowlist);
    if (entries.length > 0) request.ip_allowlist = entries;
    setBusy(true);
    setError(undefined);
    try {
      await onCreate(request);
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  const f = (name: string) => `${id}-${name}`;
  return (
    <form class="panel create-token" onSubmit={submit} noValidate aria-labelledby={f('title')}>
      <h2 id={f('title')} tabIndex={-1} ref={heading}>New token</h2>
      <div class="field">
        <label for={f('description')}>Description</label>
        <input id={f('description')} maxLength={DESCRIPTION_MAX_LENGTH} value={description} onInput={(e) => setDescription(e.currentTarget.value)} aria-describedby={f('description-help')} />
        <p id={f('description-help')} class="help">What the token is for and who holds it, e.g. “CI deploys of the billing service”.</p>
      </div>

      <div class="field">
        <label for={f('max-age')}>Expires after</label>
        <select id={f('max-age')} value={maxAge} onChange={(e) => setMaxAge(e.currentTarget.value)}>
          {MAX_AGE_PRESETS.map((preset) => (
            <option key={preset.value} value={preset.value}>{preset.label}</option>
          ))}
        </select>
        {maxAge === 'default' && <p class="help">{duration(DEFAULT_MAX_AGE_SECONDS)}, unless the server is configured otherwise.</p>}
        {maxAge === '0' && <p class="help warning-text">A token that never expires stays valid until someone revokes it.</p>}
      </div>
      {maxAge === 'custom' && (
        <div class="field">
          <label for={f('seconds')}>Max age in seconds</label>
          <input
            id={f('seconds')}
            inputMode="numeric"
            value={customSeconds}
            onInput={(e) => setCustomSeconds(e.currentTarget.value.trim())}
            aria-invalid={customProblem && customSeconds ? true : undefined}
            aria-describedby={f('seconds-help')}
          />
          <p id={f('seconds-help')} class={customProblem && customSeconds ? 'error' : 'help'}>
            {customProblem && customSeconds ? customProblem : `${MIN_MAX_AGE} to ${MAX_MAX_AGE} (ten years); 0 = never expires.`}
          </p>
        </div>
      )}
      <div class="check">
        <input id={f('extend')} type="checkbox" checked={extend} onChange={(e) => setExtend(e.currentTarget.checked)} aria-describedby={f('extend-help')} />
        <label for={f('extend')}>Extend when used</label>
        <p id={f('extend-help')} class="help">Each use moves the expiry to the time of use plus the max age.</p>
      </div>

      <fieldset>
        <legend>Scopes</legend>
        <div class="check">
          <input id={f('all-rights')} type="radio" name={f('restrict')} checked={!restrict} onChange={() => setRestrict(false)} />
          <label for={f('all-rights')}>No scopes: all of the user’s rights</label>
        </div>
        <div class="check">
          <input id={f('restricted')} type="radio" name={f('restrict')} checked={restrict} onChange={() => setRestrict(true)} />
          <label for={f('restricted')}>Only the scopes chosen below</label>
        </div>
        {restrict && (
          <div class="scopes">
            {ENFORCED_SCOPES.map(({ scope, meaning }) => (
              <div class="check" key={scope}>
                <input id={f(`scope-${scope}`)} type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggleScope(scope, e.currentTarget.checked)} />
                <label for={f(`scope-${scope}`)}>
                  <span class="mono">{scope}</span> <span class="help">{meaning}</span>
                </label>
              </div>
            ))}
            <details>
              <summary>Other Aiven scopes (carried for other services)</summary>
              <div class="scope-grid">
                {OTHER_AIVEN_SCOPES.map((scope) => (
                  <div class="check" key={scope}>
                    <input id={f(`scope-${scope}`)} type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggleScope(scope, e.currentTarget.checked)} />
                    <label for={f(`scope-${scope}`)} class="mono">{scope}</label>
                  </div>
                ))}
              </div>
            </details>
            <div class="field">
              <label for={f('custom-scopes')}>Custom scopes</label>
              <input
                id={f('custom-scopes')}
                class="mono"
                value={customScopes}
                onInput={(e) => setCustomScopes(e.currentTarget.value)}
                aria-invalid={badScopes.length > 0 ? true : undefined}
                aria-describedby={f('custom-scopes-help')}
              />
              <p id={f('custom-scopes-help')} class={badScopes.length > 0 ? 'error' : 'help'} aria-live="polite">
                {badScopes.length > 0
                  ? `Not valid: ${badScopes.join(', ')}. Use “x-name” or “name.example:action”, lowercase, at most 64 characters.`
                  : 'Separated by spaces or commas, e.g. x-deploy or reports.example.com:read.'}
              </p>
            </div>
            {scopes.length === 0 && customScopeList.length === 0 && <p class="help warning-text">An empty scope list allows nothing.</p>}
          </div>
        )}
      </fieldset>

      <div class="field">
        <label for={f('allowlist')}>IP allowlist</label>
        <textarea
          id={f('allowlist')}
          class="mono"
          rows={3}
          value={allowlist}
          onInput={(e) => setAllowlist(e.currentTarget.value)}
          aria-invalid={cidrProblems.length > 0 ? true : undefined}
          aria-describedby={f('allowlist-help')}
          spellcheck={false}
        />
        <div id={f('allowlist-help')} aria-live="polite">
          {cidrProblems.length > 0 ? (
            <ul class="error">
              {cidrProblems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : (
            <p class="help">One CIDR per line, e.g. 203.0.113.0/24 or 2001:db8::/32 (a single address is allowed). Empty: any address.</p>
          )}
        </div>
      </div>

      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Creating…' : 'Create token'}</button>
      </div>
    </form>
  );
}
