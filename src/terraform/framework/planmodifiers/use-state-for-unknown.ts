import { isUnknown } from '../values.js';
import type { PlanModifier } from './plan-modifier.js';

/**
 * For computed values that never change once set (ids, creation times): plan the prior state's value
 * instead of "(known after apply)" when an update does not otherwise touch the attribute.
 */
export function useStateForUnknown<V>(): PlanModifier<V> {
  return {
    description: 'Once set, the value of this attribute in state will not change.',
    modify({ state, plan, config }) {
      if (state === undefined || state === null) return;
      if (!isUnknown(plan) || config !== null) return;
      return { plan: state };
    },
  };
}
