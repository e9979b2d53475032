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

/** A running count on stderr for jobs whose total is unknown until they end (e.g. paging through an API). */
export function progressCounter(unit: string): { update(label: string, value: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: `{label} {value} ${unit}`, stream: process.stderr, noTTYOutput: false, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (label, value) => {
      if (!started) {
        bar.start(0, 0, { label });
        started = true;
      }
      bar.setTotal(Math.max(value, 1));
      bar.update(value, { label });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
