import { randomBytes } from "node:crypto";
import request from "supertest";
import type { Express } from "express";
import { SecretBox } from "../../src/api/auth/secret-box.ts";

/** A fresh key per test process: nothing sealed in one run opens in another. */
export const TEST_SECRET_BOX = new SecretBox(randomBytes(32));

/** An OAuth 2 access token for the client, from the app's own POST /token. */
export async function accessTokenFor(app: Express, clientId: string, clientSecret: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: "client_credentials", ...(scope ? { scope } : {}) });
  const response = await request(app).post("/token").auth(clientId, clientSecret).type("form").send(form.toString()).expect(200);
  return (response.body as { access_token: string }).access_token;
}
