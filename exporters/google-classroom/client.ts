import { readFileSync } from "node:fs";
import { JWT } from "google-auth-library";
import { google, type classroom_v1 } from "googleapis";
import { z } from "zod";
import { CLASSROOM_SCOPES, type ClassroomSettings } from "./settings.ts";

/** Where google-auth-library posts the JWT grant; fixed in the library (gtoken), so it is redirected below. */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

const serviceAccountKeySchema = z.object({ client_email: z.email(), private_key: z.string().includes("PRIVATE KEY") });
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

export class ServiceAccountKeyError extends Error {}

/** The service account's JSON key, from the key file or the environment variable the settings name. */
export function loadServiceAccountKey(settings: Pick<ClassroomSettings, "keyFile" | "keyJsonEnv">, env: NodeJS.ProcessEnv = process.env): ServiceAccountKey {
  let where: string;
  let text: string;
  if (settings.keyFile !== undefined) {
    where = `the key file ${settings.keyFile}`;
    try {
      text = readFileSync(settings.keyFile, "utf8");
    } catch (error) {
      throw new ServiceAccountKeyError(`${where} cannot be read: ${(error as Error).message}`);
    }
  } else {
    where = `the environment variable ${settings.keyJsonEnv}`;
    text = env[settings.keyJsonEnv] ?? "";
    if (!text.trim()) throw new ServiceAccountKeyError(`${where} is not set`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountKeyError(`${where} is not JSON (a service account key is)`);
  }
  const parsed = serviceAccountKeySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServiceAccountKeyError(`${where}: ${issue.path.join(".") || "key"}: ${issue.message}`);
  }
  return parsed.data;
}

/** What the exporter talks to Classroom with: the googleapis client and, for batches, the same JWT client. */
export interface ClassroomClient {
  api: classroom_v1.Classroom;
  auth: JWT;
  /** e.g. https://classroom.googleapis.com/ (always with a trailing slash). */
  rootUrl: string;
}

/**
 * A service account JWT client with domain-wide delegation (`subject` = the admin it acts as) and the googleapis
 * Classroom v1 client on top of it. `rootUrl` and `tokenUrl` point both at Google, or at a loopback fake: the token
 * request (fixed to Google's URL inside google-auth-library) is redirected by an interceptor on the JWT's transporter.
 */
export function classroomClient(settings: Pick<ClassroomSettings, "adminSubject" | "rootUrl" | "tokenUrl">, key: ServiceAccountKey): ClassroomClient {
  const auth = new JWT({ email: key.client_email, key: key.private_key, scopes: CLASSROOM_SCOPES, subject: settings.adminSubject });
  if (settings.tokenUrl !== GOOGLE_TOKEN_URL) {
    const tokenUrl = new URL(settings.tokenUrl);
    auth.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (String(options.url) === GOOGLE_TOKEN_URL) options.url = tokenUrl;
        return options;
      },
    });
  }
  const rootUrl = settings.rootUrl.endsWith("/") ? settings.rootUrl : `${settings.rootUrl}/`;
  // googleapis bundles its own copy of google-auth-library; the project's JWT is the same class to it at run time (it
  // calls auth.request and getUniverseDomain), only TypeScript sees two declarations.
  const api = google.classroom({ version: "v1", auth: auth as unknown as classroom_v1.Options["auth"], rootUrl });
  return { api, auth, rootUrl };
}
