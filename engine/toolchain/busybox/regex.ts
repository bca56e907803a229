/**
 * POSIX regular expressions (BRE and ERE, as grep and sed take them) translated to JS
 * RegExp source: BRE's `\(`, `\{`, `\|`, `\+`, `\?` become groups/quantifiers and the bare
 * characters become literals; bracket classes like `[[:digit:]]` are expanded.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** Converts a POSIX pattern to JS RegExp source; `extended` selects ERE. */
export function posixToJs(pat: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '[') {
      let j = i + 1;
      let body = '';
      if (pat[j] === '^') {
        body += '^';
        j++;
      }
      if (pat[j] === ']') {
        body += '\\]';
        j++;
      }
      for (; j < pat.length && pat[j] !== ']'; j++) {
        if (pat[j] === '[' && pat[j + 1] === ':') {
          const end = pat.indexOf(':]', j + 2);
          if (end > 0) {
            body += CLASSES[pat.slice(j + 2, end)] ?? '';
            j = end + 1;
            continue;
          }
        }
        body += pat[j] === '\\' ? '\\\\' : pat[j];
      }
      if (j >= pat.length) throw new SyntaxError('Unmatched [');
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (c === '\\') {
      const n = pat[++i];
      if (n === undefined) throw new SyntaxError('Trailing backslash');
      if (!extended && '(){}|+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else if (/[0-9wWsSbB]/.test(n)) out += '\\' + n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else out += /[a-zA-Z]/.test(n) ? n : '\\' + n;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (c === '*' && (out === '' || out === '^' || (!extended && out.endsWith('\\(')))) {
      out += '\\*';
      continue;
    }
    if (c === '/') {
      out += '\\/';
      continue;
    }
    out += c;
  }
  return out;
}

/** Compiles a POSIX pattern; throws SyntaxError on an invalid one. */
export function compile(pat: string, opts: { extended: boolean; icase: boolean; global?: boolean }): RegExp {
  return new RegExp(posixToJs(pat, opts.extended), (opts.icase ? 'i' : '') + (opts.global ? 'g' : ''));
}
