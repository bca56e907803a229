import { expect, it } from 'vitest';
import { languageOf } from './language.ts';

it('maps file names to Monaco languages', () => {
  expect(languageOf('Dockerfile')).toBe('dockerfile');
  expect(languageOf('ctx/Dockerfile.dev')).toBe('dockerfile');
  expect(languageOf('build/app.Dockerfile')).toBe('dockerfile');
  expect(languageOf('cmd/client/main.go')).toBe('go');
  expect(languageOf('go.mod')).toBe('plaintext');
  expect(languageOf('.dockerignore')).toBe('plaintext');
});
