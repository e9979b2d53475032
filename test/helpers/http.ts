import type { Express } from "express";
import request from "supertest";

/** The response body with the ephemeral origin of the test server replaced by "http://host", for exact comparison. */
export function withStableOrigin(text: string): unknown {
  return JSON.parse(text.replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://host"));
}

export async function getJson(app: Express, path: string): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const response = await request(app).get(path);
  return { status: response.status, body: response.text ? withStableOrigin(response.text) : undefined, headers: response.headers as Record<string, string> };
}
