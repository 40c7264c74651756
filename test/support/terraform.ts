// Runs the real host binary (terraform, or OpenTofu's tofu: see tfHost) against this checkout's
// provider, for the e2e tests.
//
//   const tf = await createTerraformWorkspace({ apiUrl: tessera.url, token: tessera.adminToken });
//   tf.write(`resource "aiven_organization" "o" { name = "acme" }`);   // + the required_providers block
//   const r = await tf.run(['apply', '-auto-approve']);                // { code, stdout, stderr }
//   const state = await tf.state();                                     // `terraform show -json`
//   await tf.cleanup();
//
// Each workspace is a temp folder with its own CLI config (TF_CLI_CONFIG_FILE): by default a
// dev_overrides entry pointing registry.terraform.io/tessera/aiven at this checkout's bin/ (no
// `terraform init` needed), or with `install: 'filesystem_mirror'` a mirror made by
// `bin/tessera provider install --plugin-dir` (then run init; it works offline). Run `npm run build`
// first: bin/terraform-provider-aiven runs the bundle in dist/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROVIDER_SOURCE = 'registry.terraform.io/tessera/aiven';

/** The terraform block every test config needs (prepended by `write` unless the text has its own). */
export const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    aiven = { source = "tessera/aiven" }
  }
}
`;

/** A Terraform-protocol host the e2e suite drives: terraform or OpenTofu's tofu. */
export interface Host {
  name: 'terraform' | 'tofu';
  path: string;
  /** First line of `<host> version`, e.g. "Terraform v1.11.4" or "OpenTofu v1.12.6". */
  version: string;
}

let host: Host | undefined;

/**
 * The host binary: TESSERA_TF_HOST (a path; scripts/run-tests.mjs sets it for each host in turn), else
 * `scripts/real-clients.sh terraform-host` (terraform on PATH, else OpenTofu built into the cache).
 * Throws when there is none: the e2e suite fails rather than skips without a host.
 */
export function tfHost(): Host {
  if (host === undefined) {
    let path = process.env.TESSERA_TF_HOST;
    if (!path) {
      const found = spawnSync(join(REPO_ROOT, 'scripts', 'real-clients.sh'), ['terraform-host'], { encoding: 'utf8', timeout: 45 * 60_000 });
      if (found.status !== 0) throw new Error(`no terraform or tofu to run the e2e suite with (scripts/real-clients.sh terraform-host):\n${found.stderr}`);
      path = found.stdout.trim();
    }
    const r = spawnSync(path, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    if (r.status !== 0) throw new Error(`${path} version failed (${r.status ?? r.error?.message}): ${r.stderr}`);
    // the first line naming the host (tofu may print a note about a missing CLI config file first)
    const version = (r.stdout + r.stderr).split('\n').find((line) => /^(Terraform|OpenTofu) v/.test(line)) ?? r.stdout.split('\n')[0];
    host = { name: /^OpenTofu/.test(version) ? 'tofu' : 'terraform', path, version };
  }
  return host;
}

/** True once a host is found; throws (failing the caller) when there is none. Kept for the suites' `skip` lines. */
export function terraformAvailable(): boolean {
  tfHost();
  return true;
}

export const TERRAFORM_MISSING = 'no terraform or tofu host (unreachable: tfHost() throws first)';

export function terraformVersion(): string {
  return tfHost().version;
}

/** The registries a provider source without a host resolves to: terraform's and OpenTofu's. */
export const REGISTRY_HOSTS = ['registry.terraform.io', 'registry.opentofu.org'] as const;

/** The full address the host gives a `namespace/type` source (as in `providers schema -json` and state). */
export function providerAddress(source: string): string {
  return `${tfHost().name === 'tofu' ? REGISTRY_HOSTS[1] : REGISTRY_HOSTS[0]}/${source}`;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface WorkspaceOptions {
  apiUrl?: string;
  /** AIVEN_TOKEN; omit to test the missing-token diagnostic. */
  token?: string;
  /** Sets PROVIDER_AIVEN_ENABLE_BETA=true. */
  beta?: boolean;
  /** How terraform finds the provider. Default dev_overrides. */
  install?: 'dev_overrides' | 'filesystem_mirror';
  /** Extra environment for every terraform run. */
  env?: Record<string, string>;
  /** dev_overrides as NAMESPACE/TYPE → folder of the provider executable (default: this checkout's provider). */
  devOverrides?: Record<string, string>;
}

/** A CLI config overriding each provider under both registries (terraform and tofu resolve `ns/type` differently). */
export function devOverridesConfig(overrides: Record<string, string>): string {
  const lines = Object.entries(overrides).flatMap(([source, dir]) => REGISTRY_HOSTS.map((registry) => `    ${JSON.stringify(`${registry}/${source}`)} = ${JSON.stringify(dir)}`));
  return `provider_installation {\n  dev_overrides {\n${lines.join('\n')}\n  }\n}\n`;
}

export interface TerraformWorkspace {
  dir: string;
  cliConfigFile: string;
  env: Record<string, string>;
  /** Writes a .tf file (main.tf by default), adding the required_providers block to main.tf. */
  write(hcl: string, file?: string): void;
  /** Runs terraform with args in the workspace; rejects only if it cannot start or times out. */
  run(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Starts terraform in its own process group (for signals); `result` settles when it exits. */
  start(args: string[], opts?: { env?: Record<string, string> }): { child: ChildProcess; result: Promise<RunResult>; output(): string };
  /** `terraform show -json` of the current state (values of resources, by address). */
  state(): Promise<{ values?: { root_module?: { resources?: StateResource[] } } }>;
  resources(): Promise<StateResource[]>;
  cleanup(): Promise<void>;
}

export interface StateResource {
  address: string;
  type: string;
  mode: 'managed' | 'data';
  values: Record<string, unknown>;
}

export async function createTerraformWorkspace(opts: WorkspaceOptions = {}): Promise<TerraformWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tf-'));
  const cliConfigFile = join(dir, 'terraform.rc');
  const workDir = join(dir, 'work');
  const mirrorDir = join(dir, 'mirror');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(workDir);

  if (opts.install === 'filesystem_mirror') {
    const r = spawnSync(join(REPO_ROOT, 'bin', 'tessera'), ['provider', 'install', '--plugin-dir', mirrorDir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bin/tessera provider install failed (${r.status}): ${r.stderr}${r.stdout}`);
    // tofu resolves `tessera/aiven` under its own registry: the same packages, under that name too
    cpSync(join(mirrorDir, REGISTRY_HOSTS[0]), join(mirrorDir, REGISTRY_HOSTS[1]), { recursive: true, verbatimSymlinks: true });
    const include = REGISTRY_HOSTS.map((registry) => JSON.stringify(`${registry}/tessera/aiven`)).join(', ');
    writeFileSync(cliConfigFile, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorDir)}\n    include = [${include}]\n  }\n}\n`);
  } else {
    writeFileSync(cliConfigFile, devOverridesConfig(opts.devOverrides ?? { 'tessera/aiven': join(REPO_ROOT, 'bin') }));
  }

  // A clean environment: no TF_* or AIVEN_* from the developer's shell leaks into tests.
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(TF_|AIVEN_|PROVIDER_AIVEN_)/.test(k)) base[k] = v;
  }
  const env: Record<string, string> = {
    ...base,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_DATA_DIR: join(workDir, '.terraform'),
    ...(opts.apiUrl ? { AIVEN_WEB_URL: opts.apiUrl } : {}),
    ...(opts.token ? { AIVEN_TOKEN: opts.token } : {}),
    ...(opts.beta ? { PROVIDER_AIVEN_ENABLE_BETA: 'true' } : {}),
    ...opts.env,
  };

  const start = (args: string[], runOpts: { env?: Record<string, string> } = {}) => {
    const child = spawn(tfHost().path, [...args], {
      cwd: workDir,
      env: { ...env, ...runOpts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: tests can signal terraform and its plugins together
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const result = new Promise<RunResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return { child, result, output: () => stdout + stderr };
  };

  const run = async (args: string[], runOpts: { env?: Record<string, string>; timeoutMs?: number } = {}) => {
    const { child, result } = start(args, runOpts);
    const timeoutMs = runOpts.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    try {
      const r = await result;
      if (r.signal === 'SIGKILL') throw new Error(`terraform ${args.join(' ')} timed out after ${timeoutMs} ms\n${r.stdout}\n${r.stderr}`);
      return r;
    } finally {
      clearTimeout(timer);
    }
  };

  const state = async () => {
    const r = await run(['show', '-json']);
    if (r.code !== 0) throw new Error(`terraform show -json failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  return {
    dir: workDir,
    cliConfigFile,
    env,
    write(hcl, file = 'main.tf') {
      const text = file === 'main.tf' && !/required_providers/.test(hcl) ? REQUIRED_PROVIDERS + hcl : hcl;
      writeFileSync(join(workDir, file), text);
    },
    run,
    start,
    state,
    async resources() {
      return ((await state()).values?.root_module?.resources ?? []) as StateResource[];
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fails with terraform's whole output when a run did not exit with `expected`. */
export function expectExit(r: RunResult, expected: number, what: string): void {
  if (r.code !== expected) {
    throw new Error(`${what}: terraform exited ${r.code ?? r.signal}, expected ${expected}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}
