/** AES-256-GCM for the stored token cache: confidentiality and tamper detection with one key. */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A 32-byte key from ENGAGE_TOKEN_KEY (base64 of 32 bytes, or any passphrase, hashed). */
export function tokenKey(secret: string): Buffer {
  const raw = Buffer.from(secret, 'base64');
  return raw.length === 32 ? raw : createHash('sha256').update(secret).digest();
}

export function encrypt(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64')).join('.');
}

/** Throws when the text was changed or the key is wrong. */
export function decrypt(sealed: string, key: Buffer): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !data) throw new Error('malformed ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}
