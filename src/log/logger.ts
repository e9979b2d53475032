import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs. Payloads (people's data) are never logged; only ids and counts. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "oneroster" },
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'], censor: "[redacted]" },
    },
    destination,
  );
}
