import { CommanderError } from "commander";
import { limitHeapGrowth } from "./heap-growth.ts";
import { buildProgram } from "./program.ts";

try {
  limitHeapGrowth();
  await (await buildProgram()).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed the help or the error already
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
