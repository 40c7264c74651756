/**
 * go-plugin's handshake, as terraform performs it: the magic cookie proves terraform started us, the
 * protocol version is negotiated from PLUGIN_PROTOCOL_VERSIONS, and one stdout line tells terraform
 * where to connect and which certificate to pin:
 *
 *   1|6|unix|/tmp/plugin123/plugin.sock|grpc|<server cert DER, standard base64 without "=" padding>
 *
 * The certificate field is present only when terraform sent PLUGIN_CLIENT_CERT (AutoMTLS).
 */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export const NOT_A_COMMAND_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically (for this one: terraform or tofu, with the\n' +
  'provider configured; see the README).\n';

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * The app protocol version to speak, or an error message when terraform offers none we speak.
 * PLUGIN_PROTOCOL_VERSIONS is a comma-separated list; absent means the host accepts our default.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): { version: number } | { error: string } {
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (!offered || offered.trim() === '') return { version: APP_PROTOCOL_VERSION };
  const versions = offered.split(',').map((v) => Number(v.trim()));
  if (versions.includes(APP_PROTOCOL_VERSION)) return { version: APP_PROTOCOL_VERSION };
  return {
    error: `this provider speaks plugin protocol version ${APP_PROTOCOL_VERSION}, but the host offered PLUGIN_PROTOCOL_VERSIONS=${offered}; use terraform 1.0 or newer`,
  };
}

/** Standard base64 without the trailing "=": go-plugin decodes with base64.RawStdEncoding. */
export function encodeCertificateField(der: Uint8Array): string {
  return Buffer.from(der).toString('base64').replace(/=+$/, '');
}

export function handshakeLine(opts: { socketPath: string; appVersion?: number; certificateDer?: Uint8Array }): string {
  const fields = [
    String(CORE_PROTOCOL_VERSION),
    String(opts.appVersion ?? APP_PROTOCOL_VERSION),
    'unix',
    opts.socketPath,
    'grpc',
  ];
  if (opts.certificateDer) fields.push(encodeCertificateField(opts.certificateDer));
  return fields.join('|') + '\n';
}
