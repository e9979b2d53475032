import type { Command } from "commander";

/** Commands whose work belongs to a later issue: they say so and fail, never pretend. */
const LATER: ReadonlyArray<{ name: string; description: string; arrivesWith: string }> = [
  { name: "run", description: "run a setup's pipeline now or on its schedule", arrivesWith: "operations (setups, scheduler)" },
  { name: "check", description: "validate a setup file and test its connections", arrivesWith: "operations (setups)" },
];

export function registerNotYetAvailable(program: Command, fail: (message: string) => void): void {
  for (const { name, description, arrivesWith } of LATER) {
    program
      .command(name)
      .description(`${description} (not yet available)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => fail(`oneroster ${name}: not yet available — it arrives with ${arrivesWith}.`));
  }
}
