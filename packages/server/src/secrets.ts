import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares hashes, so neither the length nor the content of a secret leaks through timing. */
export const secretEquals = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));
