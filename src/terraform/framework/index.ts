/**
 * The provider framework: write Terraform resources in TypeScript against typed schemas, without
 * seeing gRPC or msgpack (the shape of terraform-plugin-framework). The protocol layer serves the
 * {@link createFrameworkProviderServer} result; everything else here is for resource authors.
 *
 * Authoring a resource:
 *
 *   import {
 *     defineSchema, defineResource, stringAttribute, boolAttribute, timeoutsBlock,
 *     useStateForUnknown, requiresReplace, staticDefault, stringLengthBetween, parseImportId,
 *   } from '../terraform/framework/index.js';
 *
 *   const schema = defineSchema({
 *     markdownDescription: 'An application user.',
 *     attributes: {
 *       id: stringAttribute({ computed: true, description: 'ORGANIZATION_ID/USER_ID', planModifiers: [useStateForUnknown()] }),
 *       organization_id: stringAttribute({ required: true, planModifiers: [requiresReplace()] }),
 *       name: stringAttribute({ required: true, validators: [stringLengthBetween(1, 256)] }),
 *       is_super_admin: boolAttribute({ optional: true, computed: true, default: staticDefault(false) }),
 *       user_id: stringAttribute({ computed: true, planModifiers: [useStateForUnknown()] }),
 *     },
 *     blocks: { timeouts: timeoutsBlock() },   // enforced for you: create/read/update/delete deadlines
 *   });
 *
 *   export const applicationUser = defineResource<typeof schema, AivenClient>({
 *     typeName: 'aiven_organization_application_user',
 *     schema,
 *     async create({ plan, providerData: client, requestOptions }) {
 *       const user = await client.createApplicationUser(plan.organization_id as string, { name: plan.name as string }, requestOptions);
 *       // Return every computed value; attributes left out keep their planned value (e.g. timeouts).
 *       return { id: `${plan.organization_id}/${user.user_id}`, user_id: user.user_id, is_super_admin: user.is_super_admin };
 *     },
 *     async read({ state, providerData: client, diagnostics, requestOptions }) {
 *       try { … return { name: user.name, … }; }
 *       catch (err) { if (isNotFoundError(err)) { diagnostics.addWarning('…removed…'); return null; } throw err; }
 *     },
 *     async update({ plan, state, providerData: client, requestOptions }) { … },
 *     async delete({ state, providerData: client, requestOptions }) { … },
 *     importState({ id, diagnostics }) {
 *       const parts = parseImportId(id, ['organization_id', 'user_id'], diagnostics);
 *       return parts && { ...parts, id };
 *     },
 *   });
 *
 * Rules the framework enforces (unit tests see the same diagnostics terraform would show):
 * - config/plan values may be `Unknown` (test with isKnown/isUnknown); state values are known or null;
 * - create/update must return every planned known value unchanged and fill every unknown one
 *   ("Provider produced inconsistent result after apply" otherwise), with the schema's types;
 * - thrown errors become diagnostics (the provider's describeError quotes API messages); timeouts and
 *   Ctrl-C (StopProvider) abort `signal`; `requestOptions` lets in-flight API writes finish on Ctrl-C;
 * - read returning null removes the object from state; a failed read keeps the prior state;
 * - a provider's `stop` hook runs on StopProvider and its `shutdown` hook before the plugin exits
 *   (bounded; the host kills after 2 s): release what must not outlive the run (open ephemeral tokens).
 */
export { toAttributePath, formatPath, type PathLike, type PathStep } from './attribute-path.js';
export { Diagnostics } from './diagnostics.js';
export { Unknown, isUnknown, isKnown, containsUnknown, valuesEqual, type UnknownValue } from './values.js';

export {
  stringAttribute,
  numberAttribute,
  boolAttribute,
  listAttribute,
  setAttribute,
  mapAttribute,
  type Attribute,
  type AttributeOptions,
} from './schema/attributes.js';
export { singleNestedBlock, listNestedBlock, setNestedBlock, type Block } from './schema/blocks.js';
export { defineSchema, schemaCtyType, toProtocolSchema, type Model, type Planned, type SchemaDefinition } from './schema/schema.js';

export type { Validator, ConfigValidator } from './validators/validator.js';
export { stringLengthBetween } from './validators/string-length-between.js';
export { stringMatches } from './validators/string-matches.js';
export { oneOf } from './validators/one-of.js';
export { numberBetween } from './validators/number-between.js';
export { sizeBetween } from './validators/size-between.js';
export { eachElement } from './validators/each-element.js';
export { exactlyOneOf } from './validators/exactly-one-of.js';

export type { PlanModifier } from './planmodifiers/plan-modifier.js';
export { requiresReplace, requiresReplaceIf } from './planmodifiers/requires-replace.js';
export { useStateForUnknown } from './planmodifiers/use-state-for-unknown.js';
export type { Default } from './defaults/default.js';
export { staticDefault } from './defaults/static-default.js';

export { parseGoDuration, formatDuration } from './timeouts/go-duration.js';
export { timeoutsBlock, timeoutFor, validDuration, DEFAULT_TIMEOUT_MS, type TimeoutOperation } from './timeouts/timeouts-block.js';

export { defineResource, type Resource } from './resource/resource.js';
export type { OperationContext, RequestCancellation } from './resource/operation-context.js';
export type { CreateRequest } from './resource/create.js';
export type { ReadRequest } from './resource/read.js';
export type { UpdateRequest } from './resource/update.js';
export type { DeleteRequest } from './resource/delete.js';
export { importStatePassthroughId, parseImportId, type ImportStateRequest } from './resource/import-state.js';
export type { ValidateConfigRequest } from './resource/validate-config.js';
export type { ModifyPlanRequest } from './resource/modify-plan.js';

export { defineDataSource, type DataSource } from './datasource/data-source.js';
export type { DataSourceReadRequest } from './datasource/read.js';
export { defineEphemeralResource, type EphemeralResource } from './ephemeral/ephemeral-resource.js';
export type { OpenRequest, OpenResponse } from './ephemeral/open.js';
export type { RenewRequest, RenewResponse } from './ephemeral/renew.js';
export type { CloseRequest } from './ephemeral/close.js';

export { defineProvider, type Provider, type OperationName, type ErrorDescription } from './provider/provider.js';
export type { ConfigureRequest } from './provider/configure.js';
export { createFrameworkProviderServer } from './server/provider-server.js';
export { OperationCancelledError, isCancellation } from './server/cancellation.js';
