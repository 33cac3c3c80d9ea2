import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readSecretsKey, SealError, SecretBox } from '../src/workspaces/secret-box.js';

describe('the secret box (AES-256-GCM under SECRETS_KEY)', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('opens what it sealed, and seals the same text differently each time (a fresh IV)', () => {
    const a = box.seal('xoxb-not-real', 'team:T1');
    expect(box.open(a, 'team:T1')).toBe('xoxb-not-real');
    expect(box.seal('xoxb-not-real', 'team:T1')).not.toBe(a);
    expect(a).not.toContain('xoxb');
  });

  it('refuses a value moved to another row, altered by one byte, or sealed under another key', () => {
    const sealed = box.seal('xoxb-not-real', 'team:T1');
    expect(() => box.open(sealed, 'team:T2')).toThrow(SealError);
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    expect(() => box.open(flipped, 'team:T1')).toThrow(SealError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'team:T1')).toThrow(/does not open with SECRETS_KEY/);
    expect(() => box.open('plain', 'team:T1')).toThrow(SealError);
  });

  it('takes a 32-byte key in base64 (standard or URL-safe) and refuses anything else, saying how to make one', () => {
    expect(readSecretsKey(key.toString('base64'))).toEqual(key);
    expect(readSecretsKey(key.toString('base64url'))).toEqual(key);
    for (const bad of ['correct horse battery staple', randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), key.toString('hex')]) {
      expect(readSecretsKey(bad)).toMatch(/32 random bytes in base64.*openssl rand -base64 32/);
    }
  });
});
