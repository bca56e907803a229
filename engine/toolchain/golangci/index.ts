/** The mocked golangci-lint (see README.md). */
export { golangciLint, EXIT } from './lint.ts';
export type { LintIssue } from './linters.ts';
