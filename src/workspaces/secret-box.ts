import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** How to make a key, quoted wherever one is missing or malformed. */
export const SECRETS_KEY_ADVICE = 'make one with `openssl rand -base64 32` (or `node -e "console.log(crypto.randomBytes(32).toString(\'base64\'))"`) and keep it with your other secrets: losing it means every workspace must install the app again';

/** Sealed values start with this, so a later format (or key rotation) can be told apart. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * SECRETS_KEY as 32 bytes, or a problem saying how to make one. Accepts standard or URL-safe base64 of exactly
 * 32 bytes (AES-256 needs that many); anything else — a passphrase, a short key — is refused rather than stretched.
 */
export function readSecretsKey(text: string): Buffer | string {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (key.length !== 32) return `SECRETS_KEY must be 32 random bytes in base64 (44 characters), got ${trimmed.length} characters that are not: ${SECRETS_KEY_ADVICE}`;
  return key;
}

/** A sealed value that would not open: another key, a changed byte, or moved to another row. */
export class SealError extends Error {
  override name = 'SealError';
}

/**
 * Encrypts secrets for storage with AES-256-GCM (node:crypto): a fresh 12-byte IV per value, the 16-byte tag
 * checked on opening. `context` is bound in as associated data (e.g. the row's key), so a sealed token copied
 * into another row does not open there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  /** `v1.<base64url(iv | tag | ciphertext)>`. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plain text; throws SealError when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: string): string {
    const [version, data] = sealed.split('.', 2);
    if (version !== VERSION || !data) throw new SealError('not a sealed value of a known version');
    const bytes = Buffer.from(data, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealError('sealed value too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealError('sealed value does not open with SECRETS_KEY (another key, or the value was altered)');
    }
  }
}
