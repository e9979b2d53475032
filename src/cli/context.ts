import type { Settings } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";

/** What every command needs, created lazily so `--help` works with a broken environment. */
export type CliContext = () => { settings: Settings; logger: Logger; out: (line: string) => void };
