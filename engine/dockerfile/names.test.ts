import { describe, expect, it } from 'vitest';
import { INSTRUCTION_KEYS, INSTRUCTIONS, instructionName } from './names.ts';

describe('instruction names', () => {
  it('maps lower-case keys to canonical names', () => {
    expect(instructionName('copy')).toBe('COPY');
    expect(instructionName('healthcheck')).toBe('HEALTHCHECK');
    expect(instructionName('COPY')).toBeUndefined();
    expect(instructionName('toString')).toBeUndefined();
    expect(instructionName('coppy')).toBeUndefined();
  });
  it('lists the 18 Dockerfile instructions', () => {
    expect(INSTRUCTION_KEYS).toHaveLength(18);
    expect(Object.keys(INSTRUCTIONS).every((k) => INSTRUCTIONS[k as keyof typeof INSTRUCTIONS] === k.toLowerCase())).toBe(true);
  });
});
