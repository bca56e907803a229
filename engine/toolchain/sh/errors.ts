/** A shell syntax error; `message` is busybox ash's wording without the `sh: ` prefix. */
export class ShSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShSyntaxError';
  }
}
