/** A mistake of the user's, said in one line: the CLI prints it and exits 1, without a stack. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}
