/**
 * AutoMTLS, terminated by the plugin itself before gRPC sees the connection: TLS with our generated
 * certificate, ALPN h2, and the client certificate terraform put in PLUGIN_CLIENT_CERT required —
 * byte for byte, not merely "signed by it".
 *
 * Why not a TLS server with the client certificate as its CA: Node builds the secure context's trust store from
 * its ~140 bundled root certificates whenever a context is given a CA (or none at all), which took
 * ~30 ms of each launch here, and terraform launches the plugin 3-5 times per command. A context with
 * an empty CA list has an empty store; OpenSSL still checks that the client holds the key of the
 * certificate it presents (CertificateVerify), and the comparison below replaces the chain check.
 * go-plugin's client certificate is self-signed and used as it is, so pinning it loses nothing.
 */
import type { Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { Logger } from './log.js';
import type { ServerCertificate } from './tls-cert.js';

export interface MutualTls {
  /** Runs the TLS handshake on an accepted socket; `onTrusted` gets the TLS socket once the client is terraform. */
  accept(socket: Socket, onTrusted: (secured: TLSSocket) => void): void;
}

/** `expectedClient`: the DER of PLUGIN_CLIENT_CERT. */
export function createMutualTls(server: ServerCertificate, expectedClient: Buffer, log: Logger): MutualTls {
  // `ca: []`, not omitted: omitting it loads Node's root certificates into the store (see above).
  const secureContext = createSecureContext({ key: server.keyPem, cert: server.certPem, ca: [], minVersion: 'TLSv1.2' });
  return {
    accept(socket, onTrusted) {
      const secured = new TLSSocket(socket, {
        isServer: true,
        secureContext,
        ALPNProtocols: ['h2'],
        requestCert: true,
        // The chain check cannot pass against an empty store; the pin below decides instead.
        rejectUnauthorized: false,
      });
      secured.on('error', (err) => log.debug('TLS connection failed', { error: err.message }));
      secured.once('secure', () => {
        const presented = secured.getPeerX509Certificate();
        if (!presented || !presented.raw.equals(expectedClient)) {
          log.warn('refused a TLS client that is not terraform', {
            reason: presented ? 'client certificate differs from PLUGIN_CLIENT_CERT' : 'no client certificate',
          });
          secured.destroy();
          return;
        }
        onTrusted(secured);
      });
    },
  };
}
