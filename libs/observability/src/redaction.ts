/** Field paths pino replaces with REDACTED before a line is written (fast-redact syntax, fixed depth). */
export const REDACT_PATHS: string[] = (() => {
  const keys = ['token', 'secret', 'password', 'authorization', 'encryptionKey', 'apiKey', 'accessToken', 'refreshToken'];
  const paths: string[] = ['headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie'];
  for (const key of keys) paths.push(key, `*.${key}`, `*.*.${key}`);
  return paths;
})();

export const REDACTED = '[redacted]';

const SECRET_KEY = String.raw`[A-Za-z0-9_-]*(?:token|secret|password|passwd|authorization|apikey|api_key|cookie)[A-Za-z0-9_-]*`;

// Applied to the final JSON line, so they cover the message, every nested field and error stacks.
const RULES: Array<[RegExp, string]> = [
  // "anyToken":"…" at any depth (the fixed-depth paths above cover the documented ones)
  [new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // the secret segment of a webhook URL: /tiny/webhooks/<id>/<secret>[/<kind>]
  [/(\/tiny\/webhooks\/[^/\s"'?#\\]+\/)[^/\s"'?#\\]+/g, `$1${REDACTED}`],
  // bearer credentials inside text
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // token=… / secret=… in query strings and form bodies
  [new RegExp(String.raw`(\b${SECRET_KEY}=)[^&\s"'\\]+`, 'gi'), `$1${REDACTED}`],
  // 32+ hex characters: Tiny tokens, keys, webhook secrets
  [/(?<![0-9A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Fa-f])/g, REDACTED],
];

/** Masks secrets inside free text (log messages, URLs, error messages). */
export function maskSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
