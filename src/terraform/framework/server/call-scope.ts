/**
 * What every RPC family shares for one provider: the providerData that ConfigureProvider produced, the
 * StopProvider signal, each schema's cty type, and the steps every call takes — look the type up,
 * decode what terraform sent, run a lifecycle verb with its deadline, encode the answer, and turn any
 * escaping exception into a diagnostic. The RPC families (resource-rpcs, data-source-rpcs,
 * ephemeral-rpcs) hold no state of their own beyond this.
 */
import { decodeDynamicValue, encodeDynamicValue, isNullDynamicValue } from '../../protocol/cty/index.js';
import type * as tf from '../../protocol/types.js';
import type { CtyType, CtyValue, DynamicValue } from '../../protocol/types.js';
import { Diagnostics } from '../diagnostics.js';
import type { OperationName, Provider } from '../provider/provider.js';
import { schemaCtyType, type SchemaDefinition } from '../schema/schema.js';
import { normalizeNumbers } from '../values.js';
import { StopSignal, startOperation, type OperationScope } from './cancellation.js';
import { reportThrown } from './error-diagnostics.js';
import { validateAttributes } from './validate-attributes.js';

export type Obj = Record<string, CtyValue>;
/** A resource, data source or ephemeral resource: anything registered under a type name with a schema. */
export type Typed = { typeName: string; schema: SchemaDefinition<any, any> };
type Validatable = Typed & { configValidators?: { validate: Function }[]; validateConfig?: Function };

/** What a lifecycle verb receives besides its values. */
export interface VerbContext {
  providerData: any;
  diagnostics: Diagnostics;
  signal: AbortSignal;
  requestOptions: OperationScope['requestOptions'];
  timeoutMs: number;
}

/**
 * A verb's request: `ctx` and the verb's own fields. Written instead of `{ ...ctx, … }`, which would
 * read `signal` and so make the combined signal (see startOperation) for every verb; here it is made
 * only when the verb reads it.
 */
export function verbRequest<X extends object>(ctx: VerbContext, fields: X): VerbContext & X {
  return {
    providerData: ctx.providerData,
    diagnostics: ctx.diagnostics,
    get signal() {
      return ctx.signal;
    },
    requestOptions: ctx.requestOptions,
    timeoutMs: ctx.timeoutMs,
    ...fields,
  };
}

export class CallScope {
  /** Set by a successful ConfigureProvider; handed to every verb. */
  providerData: unknown = undefined;
  readonly stopSignal = new StopSignal();
  private readonly ctyTypes = new WeakMap<object, CtyType>();

  constructor(readonly provider: Provider) {}

  /** Last line of defence: an exception escaping the framework is a diagnostic, not a failed RPC. */
  async guard(diagnostics: Diagnostics, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      diagnostics.addProviderBug('Unexpected Provider Error', err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
  }

  /**
   * What every RPC on a registered type does first, inside the guard: find the type (an unknown one is
   * an error diagnostic, and `fn` does not run), then run `fn` with it.
   */
  async withType<T>(map: Map<string, T>, what: string, typeName: string, diagnostics: Diagnostics, fn: (item: T) => Promise<void>): Promise<void> {
    await this.guard(diagnostics, async () => {
      const item = this.lookup(map, what, typeName, diagnostics);
      if (item) await fn(item);
    });
  }

  private lookup<T>(map: Map<string, T>, what: string, typeName: string, diagnostics: Diagnostics): T | undefined {
    const found = map.get(typeName);
    if (!found) {
      diagnostics.addError(
        `Unknown ${what} type`,
        `The ${this.provider.typeName} provider has no ${what} "${typeName}". Known: ${[...map.keys()].join(', ') || 'none'}.`,
      );
    }
    return found;
  }

  typeOf(schema: SchemaDefinition<any, any>): CtyType {
    let type = this.ctyTypes.get(schema);
    if (!type) this.ctyTypes.set(schema, (type = schemaCtyType(schema)));
    return type;
  }

  /** Decoded value (null for an absent object), or undefined after adding a diagnostic. */
  decode(dv: DynamicValue | undefined, schema: SchemaDefinition<any, any>, diagnostics: Diagnostics, what: string): CtyValue | undefined {
    if (isNullDynamicValue(dv)) return null;
    try {
      return normalizeNumbers(decodeDynamicValue(dv!, this.typeOf(schema)));
    } catch (err) {
      diagnostics.addError(`Invalid ${what}`, `The provider could not decode the ${what} terraform sent: ${(err as Error).message}`);
      return undefined;
    }
  }

  encode(value: CtyValue, schema: SchemaDefinition<any, any>): DynamicValue {
    return encodeDynamicValue(value, this.typeOf(schema));
  }

  /** Runs one lifecycle verb with its deadline and the stop signal; thrown errors become diagnostics. */
  async run<R>(
    operation: OperationName,
    typeName: string,
    timeoutMs: number,
    diagnostics: Diagnostics,
    fn: (ctx: VerbContext) => R | Promise<R>,
  ): Promise<R | undefined> {
    const scope = startOperation(this.stopSignal, timeoutMs);
    try {
      return await fn({
        providerData: this.providerData,
        diagnostics,
        // read through, so that the combined signal is made only for a verb that uses it
        get signal() {
          return scope.signal;
        },
        requestOptions: scope.requestOptions,
        timeoutMs,
      });
    } catch (err) {
      reportThrown(err, operation, typeName, this.provider, diagnostics, scope);
      return undefined;
    } finally {
      scope.dispose();
    }
  }

  /** The Validate*Config RPCs of every family: attribute validators, config validators, then the hook. */
  async validateConfigOf<T extends Validatable>(map: Map<string, T>, what: string, typeName: string, dv: DynamicValue): Promise<tf.Diagnostic[]> {
    const diagnostics = new Diagnostics();
    await this.withType(map, what, typeName, diagnostics, async (item) => {
      const config = this.decode(dv, item.schema, diagnostics, 'configuration');
      if (config === undefined || config === null) return;
      validateAttributes(item.schema, config, diagnostics);
      for (const v of item.configValidators ?? []) v.validate({ config, diagnostics });
      await item.validateConfig?.({ typeName, config, diagnostics });
    });
    return diagnostics.items;
  }
}
