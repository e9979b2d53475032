import { formatProblem, type Problem } from "../oneroster-csv/problems.ts";

export type { Problem };
export { formatProblem };

/** Problems shown before "and N more". */
const SHOWN = 50;

/** A register file that cannot be imported: every problem found, each with file, line (or XML path) and why. */
export class RegisterFileError extends Error {
  override name = "RegisterFileError";
  constructor(readonly problems: Problem[]) {
    const lines = problems.slice(0, SHOWN).map(formatProblem);
    if (problems.length > SHOWN) lines.push(`… and ${problems.length - SHOWN} more`);
    super(lines.join("\n"));
  }
}
