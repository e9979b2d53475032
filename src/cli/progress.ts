import cliProgress from "cli-progress";

/** A progress bar on stderr for long jobs; silent when stderr is not a terminal. */
export function progressBar(label: string, total: number): { update(value: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`,
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (value) => bar.update(Math.min(value, total)),
    stop: () => {
      bar.update(total);
      bar.stop();
    },
  };
}
