// Native TLS from PEM files (--tls-cert/--tls-key): read and check them at start, and again on SIGHUP.
// A reload swaps the server's secure context, which only new TLS handshakes use: connections already
// open (keep-alive clients, requests in flight) carry on with the certificate they started with.
// A reload that fails (a missing file, a key that does not match) keeps the old certificate.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** Reads the PEM pair and checks it makes a usable secure context; throws a message naming the file. */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const read = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const material = { cert: read('certificate', files.certFile), key: read('key', files.keyFile) };
  try {
    createSecureContext(material);
  } catch (error) {
    throw new Error(
      `the TLS certificate ${files.certFile} and key ${files.keyFile} are not a usable PEM pair: ${(error as Error).message}`,
    );
  }
  return material;
}

/** The TLS files from flags or environment: both or neither. */
export function tlsFilesFrom(certFile: string | undefined, keyFile: string | undefined): TlsFiles | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    throw new Error('--tls-cert (TESSERA_TLS_CERT) and --tls-key (TESSERA_TLS_KEY) go together: give both PEM files or neither');
  }
  return { certFile, keyFile };
}

/** Whether a listen address only accepts connections from this machine (plain HTTP is fine there). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}
