/**
 * `tessera provider install [--plugin-dir DIR]`: puts this checkout's provider where terraform finds
 * it, as a filesystem-mirror "unpacked" layout:
 *
 *   DIR/registry.terraform.io/tessera/aiven/VERSION/OS_ARCH/terraform-provider-aiven_vVERSION
 *
 * DIR defaults to the user's plugin directory (~/.terraform.d/plugins; %APPDATA%/terraform.d/plugins on
 * Windows), which terraform searches by itself when the CLI config has no provider_installation block.
 * The file there is a small launcher that runs this checkout's bin/terraform-provider-aiven, so a
 * rebuild needs no reinstall. Then prints the CLI-config snippets (filesystem_mirror, dev_overrides).
 */
import type { Command } from 'commander';

export const PROVIDER_HOST = 'registry.terraform.io';
export const PROVIDER_NAMESPACE = 'tessera';
export const PROVIDER_TYPE = 'aiven';

/** terraform's OS_ARCH names for node's process.platform / process.arch. */
export function terraformTarget(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

export interface InstallResult {
  pluginDir: string;
  version: string;
  target: string;
  executable: string;
}

export async function installProvider(opts: { pluginDir: string; root: string; version: string; target?: string }): Promise<InstallResult> {
  const { mkdirSync, writeFileSync, chmodSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const target = opts.target ?? terraformTarget();
  if (target.startsWith('windows_')) {
    throw new Error('provider install: Windows is not supported (the launcher is a shell script); use WSL');
  }
  const plugin = join(opts.root, 'bin', 'terraform-provider-aiven');
  if (!existsSync(plugin)) throw new Error(`provider install: ${plugin} does not exist; is ${opts.root} a Tessera checkout?`);
  const packageDir = join(opts.pluginDir, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, opts.version, target);
  mkdirSync(packageDir, { recursive: true });
  const executable = join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${opts.version}`);
  // terraform may copy the package into .terraform/providers, so the launcher names the checkout by its
  // absolute path rather than relative to itself. It must print nothing: stdout is the handshake.
  writeFileSync(
    executable,
    `#!/bin/sh\n# Installed by \`tessera provider install\`: runs the aiven provider of the Tessera checkout at\n# ${opts.root}\nexec ${shellQuote(plugin)} "$@"\n`,
  );
  chmodSync(executable, 0o755);
  return { pluginDir: opts.pluginDir, version: opts.version, target, executable };
}

export function cliConfigSnippets(result: InstallResult, root: string): string {
  const source = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
  return `Installed ${source} ${result.version} (${result.target}):
  ${result.executable}

Use it from a configuration with:

  terraform {
    required_providers {
      aiven = { source = "${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}" }
    }
  }

Without a provider_installation block in your CLI config, terraform already looks in
~/.terraform.d/plugins. Otherwise add a filesystem mirror to the CLI config (~/.terraformrc, or the
file TF_CLI_CONFIG_FILE names), then run \`terraform init\` (it works offline):

  provider_installation {
    filesystem_mirror {
      path    = ${JSON.stringify(result.pluginDir)}
      include = [${JSON.stringify(source)}]
    }
    direct {
      exclude = [${JSON.stringify(source)}]
    }
  }

Or, while developing, skip \`terraform init\` for this provider with dev_overrides:

  provider_installation {
    dev_overrides {
      ${JSON.stringify(source)} = ${JSON.stringify(`${root}/bin`)}
    }
    direct {}
  }
`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function register(program: Command): void {
  const provider = program.commands.find((c) => c.name() === 'provider') ?? program.command('provider').description('the Terraform provider');
  provider
    .command('install')
    .description('install this checkout\'s provider as registry.terraform.io/tessera/aiven in a terraform plugin directory')
    .option('--plugin-dir <dir>', 'plugin directory (default: ~/.terraform.d/plugins)')
    .action(async (opts: { pluginDir?: string }) => {
      const { homedir } = await import('node:os');
      const { join, resolve } = await import('node:path');
      const { readFileSync } = await import('node:fs');
      const { packageRoot } = await import('../../docs/provider-docs.js');
      const root = packageRoot();
      const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      const defaultDir =
        process.platform === 'win32' ? join(process.env.APPDATA ?? homedir(), 'terraform.d', 'plugins') : join(homedir(), '.terraform.d', 'plugins');
      try {
        const result = await installProvider({ pluginDir: resolve(opts.pluginDir ?? defaultDir), root, version });
        process.stdout.write(cliConfigSnippets(result, root));
        const { existsSync, readdirSync } = await import('node:fs');
        const built = existsSync(join(root, 'dist')) && readdirSync(join(root, 'dist')).some((f) => /^terraform-provider-aiven\.(c|m)?js$/.test(f));
        if (!built) {
          process.stderr.write(`warning: the plugin bundle in ${join(root, 'dist')} is not built yet; run \`npm run build\` in ${root} before using the provider\n`);
        }
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
