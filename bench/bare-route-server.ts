/**
 * The yardstick of the REST benchmark: a bare Express route that answers with one fixed 100-user page held in memory,
 * with no database, no auth and no logging. `tsx bench/bare-route-server.ts <page.json>`; prints its URL.
 */
import { readFileSync } from "node:fs";
import express from "express";

const page = readFileSync(process.argv[2] ?? "", "utf8");
const app = express();
app.get("/ims/oneroster/v1p1/users", (_req, res) => {
  res.type("json").send(page);
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
