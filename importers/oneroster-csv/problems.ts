/** One thing wrong with the zip: where (file, line, column) and why. Line 0 is the file as a whole. */
export interface Problem {
  file: string;
  line: number;
  /** A column of the file, or "(file)", "(row)", "(header)", "(csv)" when no single column is at fault. */
  column: string;
  why: string;
}

/** `file:line: column: why`, the one-line form the CLI prints; a whole-file problem has no line. */
export function formatProblem(problem: Problem): string {
  return problem.line > 0
    ? `${problem.file}:${problem.line}: ${problem.column}: ${problem.why}`
    : `${problem.file}: ${problem.column}: ${problem.why}`;
}

/** Keeps the first `limit` problems and counts them all, so a file broken on every line cannot exhaust memory. */
export class ProblemList {
  readonly list: Problem[] = [];
  count = 0;
  /** Problems that stop the import even with skipInvalid (zip, manifest, header, unreadable CSV). */
  fatal = 0;

  constructor(private readonly limit = 10_000) {}

  add(problem: Problem, fatal = false): void {
    this.count++;
    if (fatal) this.fatal++;
    if (this.list.length < this.limit) this.list.push(problem);
  }

  /** Adds the problems another list found (another thread's, which kept its own first `limit`). */
  merge(other: { list: readonly Problem[]; count: number; fatal: number }): void {
    this.count += other.count;
    this.fatal += other.fatal;
    for (const problem of other.list) {
      if (this.list.length >= this.limit) break;
      this.list.push(problem);
    }
  }
}
