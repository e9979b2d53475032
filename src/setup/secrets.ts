import { z } from "zod";

/**
 * Setting names that hold a secret (clientSecret, token, password, passphrase, apiKey, keyJson …, whatever the kind): the setup
 * gives each as `env:NAME`, and the kind's settings schema takes it as `<name>Env`. A literal value under such a name
 * is refused rather than kept in a file.
 */
const SECRET_NAME = /(secret|password|passphrase|token|apikey|keyjson)$/i;
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

type Context = z.core.ParsePayload<unknown>;

function issue(ctx: Context, path: PropertyKey[], message: string): void {
  ctx.issues.push({ code: "custom", message, input: undefined, path });
}

/** `clientSecret: env:NAME` → `clientSecretEnv: NAME`, at any depth; anything else secret-like is an issue. */
function translate(value: unknown, path: PropertyKey[], ctx: Context): unknown {
  if (Array.isArray(value)) return value.map((item, index) => translate(item, [...path, index], ctx));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const here = [...path, key];
    if (key.length > 3 && key.endsWith("Env")) {
      issue(ctx, here, `write ${key.slice(0, -3)}: env:NAME instead`);
    } else if (typeof item === "string" && item.startsWith("env:")) {
      const name = ENV_REFERENCE.exec(item)?.[1];
      if (!SECRET_NAME.test(key)) issue(ctx, here, "only secrets (clientSecret, token, password, passphrase …) come from the environment; give the value itself");
      else if (name === undefined) issue(ctx, here, `"${item}" is not env:NAME (letters, digits and _, not starting with a digit)`);
      else out[`${key}Env`] = name;
    } else if (SECRET_NAME.test(key) && (typeof item === "string" || typeof item === "number")) {
      // The value is never repeated: it is a secret that should not be in the file at all.
      issue(ctx, here, "a secret must be an env:NAME reference (the environment variable holding it), never the secret itself");
    } else {
      out[key] = translate(item, here, ctx);
    }
  }
  return out;
}

/**
 * A kind's settings schema as the setup file takes it: secrets only as `env:NAME` references, handed to the schema as
 * the `…Env` names it already has (so no kind re-declares its fields for the setup).
 */
export function withSecretReferences<T extends z.ZodType>(schema: T) {
  return z.preprocess((input, ctx) => {
    const before = ctx.issues.length;
    const translated = translate(input, [], ctx);
    // A secret problem is the one thing to say about these settings; what follows from it would only confuse.
    return ctx.issues.length > before ? z.NEVER : translated;
  }, schema);
}

/** A zod message about `fooEnv` as the setup's author wrote it (`foo`). */
export function setupWording(message: string): string {
  return message.replace(/\b([a-z][A-Za-z]*)Env\b/g, "$1");
}
