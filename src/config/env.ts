import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  ONEROSTER_SECRET_KEY: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]{43}=$/.test(value.trim()),
      "must be the base64 of exactly 32 random bytes (make one with: openssl rand -base64 32)",
    )
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The largest `limit` the API serves; a larger one is served as this. */
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** Requests per minute one API client may make; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6_000),
  /** Megabytes of whole API answers kept in memory (dropped when the data changes); 0 keeps none. */
  RESPONSE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(64),
  /** Origins (comma-separated) browsers may call the API from; CORS is off when unset. */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((origin) => origin.trim()).filter(Boolean)),
  /** Express "trust proxy": hops (a number) or addresses of reverse proxies whose X-Forwarded-* headers are believed. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === "" ? false : /^\d+$/.test(value) ? Number(value) : value)),
  /** Bearer token a Prometheus scraper sends to GET /metrics; /metrics is not served when unset. */
  METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters (make one with: openssl rand -hex 32)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** How long `serve` waits for requests in flight after SIGTERM/SIGINT before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** The admin page's user name. */
  ADMIN_USER: z.string().min(1).default("admin"),
  /** scrypt hash of the admin password (`oneroster admin hash-password`); the admin page is disabled when unset. */
  ADMIN_PASSWORD_HASH: z
    .string()
    .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, "must be a hash printed by: oneroster admin hash-password")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** Variables whose value must never be echoed, not even in an error about them. */
const SECRET_VARIABLES = new Set(["ONEROSTER_SECRET_KEY", "METRICS_TOKEN", "ADMIN_PASSWORD_HASH"]);

export type Settings = z.infer<typeof schema>;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** The process settings from the environment, with one line per bad variable when any is wrong. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? "(hidden)" : JSON.stringify(env[name]);
    return `environment variable ${name}=${shown}: ${issue.message}`;
  });
  throw new SettingsError(lines.join("\n"));
}
