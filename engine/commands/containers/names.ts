/**
 * Container names and IDs as Docker makes them: a name is `adjective_surname` (moby's
 * `namesgenerator`, with stageplay's own shorter lists: adjectives and the surnames of
 * scientists and engineers), with a digit appended when the name is taken; an ID is 64
 * hex digits. Both come from a deterministic PRNG seeded by the caller, so a test's
 * names and IDs are the same on every run.
 */
import { hash32, mulberry32 } from '../../util/prng.ts';

const LEFT = [
  'admiring', 'bold', 'brave', 'busy', 'calm', 'clever', 'cool', 'dazzling', 'eager', 'elegant',
  'epic', 'festive', 'focused', 'friendly', 'gallant', 'gifted', 'happy', 'hopeful', 'jolly', 'keen',
  'kind', 'loving', 'modest', 'nifty', 'optimistic', 'peaceful', 'quirky', 'relaxed', 'serene', 'sharp',
  'stoic', 'sweet', 'tender', 'vibrant', 'wizardly', 'zealous',
] as const;

const RIGHT = [
  'agnesi', 'babbage', 'bardeen', 'bohr', 'curie', 'darwin', 'dijkstra', 'einstein', 'euler', 'fermi',
  'franklin', 'gauss', 'goodall', 'hamilton', 'hopper', 'hypatia', 'johnson', 'kepler', 'knuth', 'lamarr',
  'lovelace', 'meitner', 'mirzakhani', 'newton', 'noether', 'pasteur', 'ritchie', 'shannon', 'thompson', 'turing',
] as const;

/** Draws names and IDs; `seed` makes the sequence (same seed, same containers). */
export class NameSource {
  private readonly next: () => number;

  constructor(seed: string) {
    this.next = mulberry32(hash32(seed));
  }

  /** A free name (`taken` says which are used): `adjective_surname`, then with a digit appended, as moby retries. */
  name(taken: (name: string) => boolean): string {
    for (let retry = 0; ; retry++) {
      const left = LEFT[this.next() % LEFT.length]!;
      const right = RIGHT[this.next() % RIGHT.length]!;
      const name = retry === 0 ? `${left}_${right}` : `${left}_${right}${this.next() % 10}`;
      if (!taken(name)) return name;
    }
  }

  /** A fresh 64-hex container ID whose 12-digit short form `taken` does not know. */
  id(taken: (shortId: string) => boolean): string {
    for (;;) {
      let hex = '';
      for (let i = 0; i < 8; i++) hex += this.next().toString(16).padStart(8, '0');
      if (!taken(hex.slice(0, 12))) return hex;
    }
  }
}

/** Docker's rule for `--name` (`validContainerNamePattern`). */
export const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
