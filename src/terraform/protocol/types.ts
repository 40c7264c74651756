/**
 * Plain TypeScript types for tfplugin6, independent of the protobuf library (as terraform-plugin-go's
 * tfprotov6 is). The gRPC server converts wire messages to and from these; the framework implements
 * {@link ProviderServer} against them and never sees protobuf or msgpack bytes.
 *
 * Values stay encoded (DynamicValue) at this level because decoding needs the schema's type; the cty
 * codec (./cty) turns them into {@link CtyValue}s.
 */

// ---------------------------------------------------------------------------------------------------
// cty types and values

/** A cty type in its JSON form, exactly as terraform writes it ("string", ["list","string"], …). */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list', CtyType]
  | readonly ['set', CtyType]
  | readonly ['map', CtyType]
  | readonly ['object', Readonly<Record<string, CtyType>>]
  | readonly ['object', Readonly<Record<string, CtyType>>, readonly string[]] // optional attribute names
  | readonly ['tuple', readonly CtyType[]];

/** The single marker for a value not known until apply. Refined unknowns decode to it too. */
export const Unknown: unique symbol = Symbol.for('tessera.cty.unknown');
export type UnknownValue = typeof Unknown;

/** A cty number that a JS number cannot hold exactly (big integers, long decimals): kept as its decimal text. */
export class BigNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
export type CtyNumber = number | BigNumber;

/** A value of dynamic type carries its concrete type with it. */
export class DynamicTyped {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

/**
 * A decoded cty value. Lists, sets and tuples are arrays; maps and objects are plain objects (objects
 * always carry every attribute of their type, null where unset).
 */
export type CtyValue =
  | null
  | UnknownValue
  | string
  | boolean
  | CtyNumber
  | DynamicTyped
  | CtyValue[]
  | { [key: string]: CtyValue };

/** DynamicValue as on the wire: exactly one of the encodings is set. We produce msgpack. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

/** State as stored by terraform, given to UpgradeResourceState and MoveResourceState. */
export interface RawState {
  json?: Uint8Array;
  flatmap?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------
// diagnostics and paths

export type AttributePathStep =
  | { attributeName: string }
  | { elementKeyString: string }
  | { elementKeyInt: number };

export type AttributePath = AttributePathStep[];

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

// ---------------------------------------------------------------------------------------------------
// schemas

export type StringKind = 'plain' | 'markdown';

export interface SchemaAttribute {
  name: string;
  type?: CtyType;
  /** Nested attribute object (protocol 6 nested attributes); we use blocks instead, so rarely set. */
  nestedType?: SchemaObject;
  description?: string;
  descriptionKind?: StringKind;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  writeOnly?: boolean;
}

export interface SchemaObject {
  attributes: SchemaAttribute[];
  nesting: 'single' | 'list' | 'set' | 'map';
}

export interface SchemaNestedBlock {
  typeName: string;
  block: SchemaBlock;
  nesting: 'single' | 'list' | 'set' | 'map' | 'group';
  minItems?: number;
  maxItems?: number;
}

export interface SchemaBlock {
  version?: number;
  attributes: SchemaAttribute[];
  blockTypes: SchemaNestedBlock[];
  description?: string;
  descriptionKind?: StringKind;
  deprecated?: boolean;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ServerCapabilities {
  planDestroy?: boolean;
  getProviderSchemaOptional?: boolean;
  moveResourceState?: boolean;
}

export interface ClientCapabilities {
  deferralAllowed?: boolean;
  writeOnlyAttributesAllowed?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// requests and responses, one pair per RPC

export interface GetMetadataResponse {
  serverCapabilities?: ServerCapabilities;
  diagnostics: Diagnostic[];
  resources: { typeName: string }[];
  dataSources: { typeName: string }[];
  ephemeralResources: { typeName: string }[];
  functions: { name: string }[];
}

export interface GetProviderSchemaResponse {
  provider: Schema;
  providerMeta?: Schema;
  resourceSchemas: Record<string, Schema>;
  dataSourceSchemas: Record<string, Schema>;
  ephemeralResourceSchemas: Record<string, Schema>;
  serverCapabilities?: ServerCapabilities;
  diagnostics: Diagnostic[];
}

export interface GetResourceIdentitySchemasResponse {
  /** We declare no identities; terraform 1.12+ asks anyway. */
  identitySchemas: Record<string, never>;
  diagnostics: Diagnostic[];
}

export interface ValidateProviderConfigRequest {
  config: DynamicValue;
}
export interface ValidateProviderConfigResponse {
  diagnostics: Diagnostic[];
}

export interface ConfigureProviderRequest {
  terraformVersion: string;
  config: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ConfigureProviderResponse {
  diagnostics: Diagnostic[];
}

export interface ValidateResourceConfigRequest {
  typeName: string;
  config: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ValidateResourceConfigResponse {
  diagnostics: Diagnostic[];
}

export interface UpgradeResourceStateRequest {
  typeName: string;
  version: number;
  rawState: RawState;
}
export interface UpgradeResourceStateResponse {
  /** Must always be set when there is no error: an empty one makes terraform treat the object as gone. */
  upgradedState?: DynamicValue;
  diagnostics: Diagnostic[];
}

export interface ReadResourceRequest {
  typeName: string;
  currentState: DynamicValue;
  private?: Uint8Array;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ReadResourceResponse {
  /** A msgpack nil here removes the object from state. */
  newState?: DynamicValue;
  diagnostics: Diagnostic[];
  private?: Uint8Array;
}

export interface PlanResourceChangeRequest {
  typeName: string;
  /** msgpack nil on create. */
  priorState: DynamicValue;
  /** msgpack nil on destroy. */
  proposedNewState: DynamicValue;
  config: DynamicValue;
  priorPrivate?: Uint8Array;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface PlanResourceChangeResponse {
  plannedState?: DynamicValue;
  requiresReplace: AttributePath[];
  plannedPrivate?: Uint8Array;
  diagnostics: Diagnostic[];
  legacyTypeSystem?: boolean;
}

export interface ApplyResourceChangeRequest {
  typeName: string;
  priorState: DynamicValue;
  /** msgpack nil on destroy. */
  plannedState: DynamicValue;
  config: DynamicValue;
  plannedPrivate?: Uint8Array;
  providerMeta?: DynamicValue;
}
export interface ApplyResourceChangeResponse {
  newState?: DynamicValue;
  private?: Uint8Array;
  diagnostics: Diagnostic[];
  legacyTypeSystem?: boolean;
}

export interface ImportResourceStateRequest {
  typeName: string;
  id: string;
  clientCapabilities?: ClientCapabilities;
}
export interface ImportedResource {
  typeName: string;
  state: DynamicValue;
  private?: Uint8Array;
}
export interface ImportResourceStateResponse {
  importedResources: ImportedResource[];
  diagnostics: Diagnostic[];
}

export interface MoveResourceStateRequest {
  sourceProviderAddress: string;
  sourceTypeName: string;
  sourceSchemaVersion: number;
  sourceState: RawState;
  targetTypeName: string;
  sourcePrivate?: Uint8Array;
}
export interface MoveResourceStateResponse {
  targetState?: DynamicValue;
  diagnostics: Diagnostic[];
  targetPrivate?: Uint8Array;
}

export interface ValidateDataResourceConfigRequest {
  typeName: string;
  config: DynamicValue;
}
export interface ValidateDataResourceConfigResponse {
  diagnostics: Diagnostic[];
}

export interface ReadDataSourceRequest {
  typeName: string;
  config: DynamicValue;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics: Diagnostic[];
}

export interface ValidateEphemeralResourceConfigRequest {
  typeName: string;
  config: DynamicValue;
}
export interface ValidateEphemeralResourceConfigResponse {
  diagnostics: Diagnostic[];
}

export interface OpenEphemeralResourceRequest {
  typeName: string;
  config: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface OpenEphemeralResourceResponse {
  diagnostics: Diagnostic[];
  renewAt?: Date;
  result?: DynamicValue;
  private?: Uint8Array;
}

export interface RenewEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}
export interface RenewEphemeralResourceResponse {
  diagnostics: Diagnostic[];
  renewAt?: Date;
  private?: Uint8Array;
}

export interface CloseEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}
export interface CloseEphemeralResourceResponse {
  diagnostics: Diagnostic[];
}

export interface StopProviderResponse {
  /** Empty when stopping succeeded. */
  error: string;
}

/**
 * What the gRPC server calls. The framework implements it; the protocol layer serves it. Functions
 * are not part of Tessera: the server answers GetFunctions with none and CallFunction with an error.
 */
export interface ProviderServer {
  getMetadata(): Promise<GetMetadataResponse>;
  getProviderSchema(): Promise<GetProviderSchemaResponse>;
  getResourceIdentitySchemas(): Promise<GetResourceIdentitySchemasResponse>;
  validateProviderConfig(req: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse>;
  configureProvider(req: ConfigureProviderRequest): Promise<ConfigureProviderResponse>;
  validateResourceConfig(req: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse>;
  upgradeResourceState(req: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse>;
  readResource(req: ReadResourceRequest): Promise<ReadResourceResponse>;
  planResourceChange(req: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse>;
  applyResourceChange(req: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse>;
  importResourceState(req: ImportResourceStateRequest): Promise<ImportResourceStateResponse>;
  moveResourceState(req: MoveResourceStateRequest): Promise<MoveResourceStateResponse>;
  validateDataResourceConfig(req: ValidateDataResourceConfigRequest): Promise<ValidateDataResourceConfigResponse>;
  readDataSource(req: ReadDataSourceRequest): Promise<ReadDataSourceResponse>;
  validateEphemeralResourceConfig(
    req: ValidateEphemeralResourceConfigRequest,
  ): Promise<ValidateEphemeralResourceConfigResponse>;
  openEphemeralResource(req: OpenEphemeralResourceRequest): Promise<OpenEphemeralResourceResponse>;
  renewEphemeralResource(req: RenewEphemeralResourceRequest): Promise<RenewEphemeralResourceResponse>;
  closeEphemeralResource(req: CloseEphemeralResourceRequest): Promise<CloseEphemeralResourceResponse>;
  /** Cancels work in flight; later calls may still arrive. */
  stopProvider(): Promise<StopProviderResponse>;
  /** The host asked the plugin to exit (GRPCController.Shutdown): last clean-up, briefly. */
  shutdown?(): Promise<void>;
}
