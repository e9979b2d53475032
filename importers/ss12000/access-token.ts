import type { Ss12000Settings } from "./settings.ts";

export class Ss12000AuthError extends Error {
  override name = "Ss12000AuthError";
}

function secretFrom(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Ss12000AuthError(`${what}: environment variable ${name} is not set`);
  return value;
}

/**
 * Bearer tokens for the API: a static token from the environment, or OAuth 2 client credentials (HTTP Basic or, with
 * tokenAuth "body", client_id and client_secret as form fields) cached until shortly before they expire, and fetched
 * anew when the API says the token is no longer valid.
 */
export class AccessToken {
  #token: string | undefined;
  #expiresAt = 0;
  /** The token request under way: requests made meanwhile (collections are read side by side) wait for it. */
  #fetching: Promise<string> | undefined;
  readonly #settings: Ss12000Settings;
  readonly #env: NodeJS.ProcessEnv;

  constructor(settings: Ss12000Settings, env: NodeJS.ProcessEnv = process.env) {
    this.#settings = settings;
    this.#env = env;
  }

  async get(): Promise<string> {
    const { tokenEnv } = this.#settings;
    if (tokenEnv !== undefined) return secretFrom(this.#env, tokenEnv, "SS 12000 static token");
    if (this.#token !== undefined && Date.now() < this.#expiresAt) return this.#token;
    this.#fetching ??= this.#fetch().finally(() => (this.#fetching = undefined));
    return this.#fetching;
  }

  /**
   * Forgets a token the API refused, so the next get() asks for a new one; a newer token another request already
   * fetched is kept. Static tokens cannot be renewed.
   */
  invalidate(refused: string): boolean {
    if (this.#settings.tokenEnv !== undefined) return false;
    if (this.#token === refused) this.#token = undefined;
    return true;
  }

  async #fetch(): Promise<string> {
    const { tokenUrl, clientId, clientSecretEnv, scope, timeoutMs, tokenAuth } = this.#settings;
    const secret = secretFrom(this.#env, clientSecretEnv!, "SS 12000 client secret");
    const inBody = tokenAuth === "body";
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      ...(inBody ? { client_id: clientId!, client_secret: secret } : {}),
      ...(scope ? { scope } : {}),
    });
    const response = await fetch(tokenUrl!, {
      method: "POST",
      headers: {
        ...(inBody ? {} : { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId!)}:${encodeURIComponent(secret)}`).toString("base64")}` }),
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: unknown) => {
      throw new Ss12000AuthError(`token request to ${tokenUrl} failed: ${(error as Error).message}`);
    });
    const text = await response.text();
    if (!response.ok) throw new Ss12000AuthError(`token request to ${tokenUrl} answered ${response.status}: ${text.slice(0, 200)}`);
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new Ss12000AuthError(`token endpoint ${tokenUrl} did not answer JSON`);
    }
    if (typeof json.access_token !== "string") throw new Ss12000AuthError(`token endpoint ${tokenUrl} answered without access_token`);
    const lifetime = typeof json.expires_in === "number" ? json.expires_in : 300;
    this.#token = json.access_token;
    this.#expiresAt = Date.now() + Math.max(lifetime - 60, lifetime / 2) * 1000;
    return this.#token;
  }
}
