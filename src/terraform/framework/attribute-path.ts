/**
 * Attribute paths: where in a config, plan or state a diagnostic points. Authors write them short —
 * `['timeouts', 'create']`, `['scopes', 0]`, `['labels', { key: 'env' }]` — and the framework turns them
 * into the protocol's steps, which terraform shows as `timeouts.create`, `scopes[0]`, `labels["env"]`.
 */
import type { AttributePath, AttributePathStep } from '../protocol/types.js';

/** A string is an attribute name, a number a list index, `{ key }` a map key. */
export type PathStep = string | number | { key: string };
export type PathLike = readonly PathStep[] | AttributePath;

export function toAttributePath(path: PathLike): AttributePath {
  return (path as readonly (PathStep | AttributePathStep)[]).map((step): AttributePathStep => {
    if (typeof step === 'string') return { attributeName: step };
    if (typeof step === 'number') return { elementKeyInt: step };
    if ('key' in step) return { elementKeyString: step.key };
    return step;
  });
}

/** `timeouts.create`, `scopes[0]`, `labels["env"]`: the way terraform prints paths. */
export function formatPath(path: PathLike): string {
  let out = '';
  for (const step of toAttributePath(path)) {
    if ('attributeName' in step) out += (out ? '.' : '') + step.attributeName;
    else if ('elementKeyInt' in step) out += `[${step.elementKeyInt}]`;
    else out += `[${JSON.stringify(step.elementKeyString)}]`;
  }
  return out;
}
