const SPACE = /^\p{White_Space}$/u;

/** Go's `unicode.IsSpace` (the Unicode White_Space property). */
export function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

/**
 * Word splitting as BuildKit's `wordsStruct` does it: whitespace that came from unquoted
 * text or from a `$` expansion separates words; quoted text and escaped characters are
 * added "raw" and never split. Empty words are dropped.
 */
export class WordSplitter {
  private word = '';
  private inWord = false;
  private readonly words: string[] = [];

  /** Adds a character that may split words (unquoted, unescaped, or from an expansion). */
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.word.length !== 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.addRawChar(ch);
    }
  }

  /** Adds a character that is part of the current word whatever it is. */
  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }

  /** Adds each code point of `str` with {@link addChar}. */
  addString(str: string): void {
    for (const ch of str) this.addChar(ch);
  }

  /** Adds quoted text: part of the current word, spaces included. */
  addRawString(str: string): void {
    this.word += str;
    this.inWord = true;
  }

  /** The words so far, the pending one included if it is not empty. */
  getWords(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return [...this.words];
  }
}
