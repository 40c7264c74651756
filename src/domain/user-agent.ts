// A short human summary of a User-Agent header: "Chrome 120.0.0.0 on Linux", "curl 8.5.0",
// "Terraform 1.11.4 on Linux". Browsers come from ua-parser-js; command-line tools and HTTP libraries
// it does not know (curl, Terraform, Go, Python…) are matched by one rule: the leading product token.
import UAParser from 'ua-parser-js';

/** Tools whose product token is spelled differently from how people name them. */
const TOOL_NAMES: Record<string, string> = {
  curl: 'curl',
  terraform: 'Terraform',
  opentofu: 'OpenTofu',
  'go-http-client': 'Go HTTP client',
  'python-requests': 'Python Requests',
  wget: 'Wget',
  node: 'Node.js',
  undici: 'Node.js',
};

const OS_WORDS: Array<[RegExp, string]> = [
  [/\blinux\b/i, 'Linux'],
  [/\b(darwin|macos|mac os x)\b/i, 'macOS'],
  [/\bwindows\b/i, 'Windows'],
  [/\bfreebsd\b/i, 'FreeBSD'],
];

const PRODUCT_TOKEN = /^([A-Za-z][A-Za-z0-9._-]*)\/(v?[0-9][A-Za-z0-9._+-]*)/;

export function summarizeUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const result = new UAParser(userAgent).getResult();
  let os: string | undefined;
  if (result.os.name) {
    // ua-parser keeps the spelling it found ("linux"); use the usual one where we know it
    const name = OS_WORDS.find(([pattern]) => pattern.test(result.os.name!))?.[1] ?? result.os.name;
    os = [name, result.os.version].filter(Boolean).join(' ');
  } else {
    os = OS_WORDS.find(([pattern]) => pattern.test(userAgent))?.[1];
  }
  let product: string | undefined;
  if (result.browser.name) {
    product = [result.browser.name, result.browser.version].filter(Boolean).join(' ');
  } else {
    const match = PRODUCT_TOKEN.exec(userAgent.trim());
    if (match) {
      const name = TOOL_NAMES[match[1].toLowerCase()] ?? match[1];
      product = `${name} ${match[2].replace(/^v/, '')}`;
    }
  }
  if (!product) return os ? `Unknown client on ${os}` : userAgent.slice(0, 100);
  return os ? `${product} on ${os}` : product;
}
