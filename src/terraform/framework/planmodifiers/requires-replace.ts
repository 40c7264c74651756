import type { PlanModifier } from './plan-modifier.js';

/**
 * Changing the attribute replaces the resource (terraform shows "forces replacement"). Nothing to
 * replace on create; an unknown planned value counts as a change, as it may become one.
 */
export function requiresReplace<V>(): PlanModifier<V> {
  return requiresReplaceIf(() => true, 'If the value of this attribute changes, Terraform will destroy and recreate the resource.');
}

/** Like {@link requiresReplace}, but only when `when(state, plan)` says the change needs it. */
export function requiresReplaceIf<V>(when: (state: V | null, plan: unknown) => boolean, description: string): PlanModifier<V> {
  return {
    description,
    modify({ state, plan, changed }) {
      if (state === undefined || !changed) return;
      if (when(state, plan)) return { requiresReplace: true };
    },
  };
}
