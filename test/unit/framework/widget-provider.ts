// A small provider for framework tests: "widgets" kept in memory. Its behaviour can be bent per test
// (slow operations, buggy results) to exercise the framework's checks; it is a test subject, not a
// stand-in for the real API.
import {
  defineDataSource,
  defineEphemeralResource,
  defineProvider,
  defineResource,
  defineSchema,
  exactlyOneOf,
  boolAttribute,
  numberAttribute,
  parseImportId,
  requiresReplace,
  setAttribute,
  staticDefault,
  stringAttribute,
  stringLengthBetween,
  numberBetween,
  timeoutsBlock,
  useStateForUnknown,
  listNestedBlock,
  type Model,
} from '../../../src/terraform/framework/index.js';

export const widgetSchema = defineSchema({
  description: 'A widget.',
  attributes: {
    id: stringAttribute({ computed: true, planModifiers: [useStateForUnknown()] }),
    zone: stringAttribute({ required: true, planModifiers: [requiresReplace()] }),
    name: stringAttribute({ required: true, validators: [stringLengthBetween(1, 10)] }),
    size: numberAttribute({ optional: true, validators: [numberBetween(1, 100, { integer: true })] }),
    enabled: boolAttribute({ optional: true, computed: true, default: staticDefault(true) }),
    tags: setAttribute({ elementType: 'string', optional: true }),
    secret: stringAttribute({ computed: true, sensitive: true, planModifiers: [useStateForUnknown()] }),
    update_time: stringAttribute({ computed: true, markdownDescription: 'Last **update**.' }),
  },
  blocks: {
    timeouts: timeoutsBlock(),
    port: listNestedBlock({ attributes: { number: numberAttribute({ required: true }), label: stringAttribute({ optional: true, computed: true }) } }),
  },
});
export type Widget = Model<typeof widgetSchema>;

export interface Store {
  widgets: Map<string, { zone: string; name: string; size: number | null; enabled: boolean; tags: string[] | null; updated: number }>;
  next: number;
  /** Test knobs. */
  delayMs?: number;
  bug?: 'change-name' | 'leave-unknown' | 'wrong-type' | 'extra-attribute';
  readError?: string;
  seenSignals: AbortSignal[];
  configured?: string;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

export function widgetProvider(store: Store) {
  const toState = (id: string) => {
    const w = store.widgets.get(id)!;
    return { id, zone: w.zone, name: w.name, size: w.size, enabled: w.enabled, tags: w.tags, update_time: `t${w.updated}` };
  };
  const widget = defineResource<typeof widgetSchema, Store>({
    typeName: 'test_widget',
    schema: widgetSchema,
    async create({ plan, signal, providerData }) {
      providerData.seenSignals.push(signal);
      if (store.delayMs) await wait(store.delayMs, signal);
      const id = `w${store.next++}`;
      store.widgets.set(id, {
        zone: plan.zone as string,
        name: plan.name as string,
        size: plan.size as number | null,
        enabled: plan.enabled as boolean,
        tags: plan.tags as string[] | null,
        updated: 1,
      });
      const state: Record<string, unknown> = { ...toState(id), secret: `secret-${id}`, port: (plan.port as Widget['port']).map((p) => ({ ...p, label: typeof p.label === "string" ? p.label : `port-${p.number}` })) };
      if (store.bug === 'change-name') state.name = `${String(plan.name)}!`;
      if (store.bug === 'leave-unknown') delete state.update_time;
      if (store.bug === 'wrong-type') state.size = '12';
      if (store.bug === 'extra-attribute') state.colour = 'red';
      return state as Partial<Widget>;
    },
    async read({ state }) {
      if (store.readError) throw new Error(store.readError);
      if (!store.widgets.has(state.id!)) return null;
      return toState(state.id!);
    },
    async update({ plan, state, signal }) {
      if (store.delayMs) await wait(store.delayMs, signal);
      const w = store.widgets.get(state.id!)!;
      Object.assign(w, { name: plan.name, size: plan.size, enabled: plan.enabled, tags: plan.tags, updated: w.updated + 1 });
      const port = (plan.port as Widget['port']).map((p) => ({ ...p, label: typeof p.label === 'string' ? p.label : `port-${p.number}` }));
      return { ...toState(state.id!), port } as Partial<Widget>;
    },
    async delete({ state }) {
      store.widgets.delete(state.id!);
    },
    importState({ id, diagnostics }) {
      const parts = parseImportId(id, ['zone', 'id'], diagnostics);
      return parts ?? undefined;
    },
  });

  const lookupSchema = defineSchema({
    attributes: {
      id: stringAttribute({ optional: true, computed: true }),
      name: stringAttribute({ optional: true, computed: true }),
      zone: stringAttribute({ computed: true }),
    },
  });
  const lookup = defineDataSource<typeof lookupSchema, Store>({
    typeName: 'test_widget',
    schema: lookupSchema,
    configValidators: [exactlyOneOf('id', 'name')],
    read({ config, diagnostics }) {
      const found = [...store.widgets.keys()].find((id) => id === config.id || store.widgets.get(id)!.name === config.name);
      if (!found) {
        diagnostics.addError('Widget not found', `No widget ${config.id ?? config.name}.`);
        return undefined;
      }
      const w = store.widgets.get(found)!;
      return { id: found, name: w.name, zone: w.zone };
    },
  });

  const leaseSchema = defineSchema({ attributes: { zone: stringAttribute({ required: true }), lease: stringAttribute({ computed: true, sensitive: true }) } });
  const closed: string[] = [];
  const lease = defineEphemeralResource<typeof leaseSchema, Store, { leaseId: string }>({
    typeName: 'test_lease',
    schema: leaseSchema,
    open({ config }) {
      return { result: { lease: `lease-in-${config.zone}` }, private: { leaseId: `L-${config.zone}` }, renewAt: new Date(Date.now() + 60_000) };
    },
    close({ private: priv }) {
      closed.push(priv!.leaseId);
    },
  });

  const providerSchema = defineSchema({
    attributes: { endpoint: stringAttribute({ optional: true }), token: stringAttribute({ optional: true, sensitive: true }) },
  });
  const provider = defineProvider<typeof providerSchema, Store>({
    typeName: 'test',
    version: '0.0.1',
    schema: providerSchema,
    configure({ config, diagnostics }) {
      if (config.token === null) {
        diagnostics.addError('Missing token', 'Set token.', ['token']);
        return undefined;
      }
      store.configured = config.endpoint as string;
      return store;
    },
    resources: [widget],
    dataSources: [lookup],
    ephemeralResources: [lease],
  });
  return { provider, closed, lookupSchema, leaseSchema, providerSchema };
}

export function newStore(): Store {
  return { widgets: new Map(), next: 1, seenSignals: [] };
}
