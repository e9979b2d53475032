import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, it } from "node:test";
import { chromium, type Browser } from "playwright-core";
import { findClient } from "../../../src/api/auth/clients.ts";
import { loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { startTestServer, type TestServer } from "../../helpers/api-server.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { ADMIN_HASH, ADMIN_PASSWORD, RUNS, seedRuns } from "./admin-fixtures.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) to run the admin page's browser test`;

describeEachEngine("admin page in headless Chromium", (database) => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    if (skip) return;
    await loadSmallMunicipality(database().db);
    await seedRuns(database().db);
    server = await startTestServer(database(), { settings: { ADMIN_PASSWORD_HASH: ADMIN_HASH } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs in, sees a run, approves a held run and creates an API client", { skip }, async () => {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const base = server!.url;

    await tab.goto(`${base}/admin/tenants/default`);
    assert.equal(new URL(tab.url()).pathname, "/admin/login", "signed out: sent to the sign-in form");
    await tab.getByLabel("User name").fill("admin");
    await tab.getByLabel("Password").fill("wrong");
    await tab.getByRole("button", { name: "Sign in" }).click();
    assert.equal(await tab.getByRole("alert").textContent(), "Wrong user name or password.");
    await tab.getByLabel("User name").fill("admin");
    await tab.getByLabel("Password").fill(ADMIN_PASSWORD);
    await tab.getByRole("button", { name: "Sign in" }).click();
    await tab.waitForURL(`${base}/admin`);
    const cookie = (await context.cookies()).find((c) => c.name === "oneroster_admin");
    assert.deepEqual([cookie?.httpOnly, cookie?.sameSite, cookie?.path], [true, "Strict", "/admin"]);

    await tab.getByRole("link", { name: "default" }).click();
    assert.equal(await tab.getByRole("heading", { level: 1 }).textContent(), "Default school owner (default)");

    // See a run: its diff summary.
    await tab.getByRole("link", { name: "2026-11-24T02:00:00.000Z" }).first().click();
    assert.equal(new URL(tab.url()).pathname, `/admin/tenants/default/runs/${RUNS.succeeded}`);
    const usersRow = tab.getByRole("row", { name: /^users / });
    assert.deepEqual(await usersRow.getByRole("cell").allTextContents(), ["users", "400", "0", "0", "0", "2"]);
    await tab.getByRole("link", { name: "Default school owner" }).click();

    // Approve the held run.
    await tab.getByRole("button", { name: "Approve" }).click();
    assert.match((await tab.getByRole("status").textContent()) ?? "", new RegExp(`^Approved run ${RUNS.held}: the next run of source "sis" applies`));
    assert.equal(await tab.getByRole("button", { name: "Approve" }).count(), 0);
    const approval = await database().db.selectFrom("run_approvals").select(["run_id", "approved_by", "used_at"]).execute();
    assert.deepEqual(approval, [{ run_id: RUNS.held, approved_by: "admin", used_at: null }]);

    // Create a client and read the secret shown once.
    await tab.getByLabel("Name").fill("Läromedel AB");
    await tab.getByLabel("roster.readonly", { exact: true }).check();
    await tab.getByRole("button", { name: "Create client" }).click();
    const clientId = (await tab.locator("#client-id").textContent())!;
    const secret = (await tab.locator("#client-secret").textContent())!;
    const stored = await findClient(database().db, TEST_SECRET_BOX, clientId);
    assert.deepEqual([stored?.name, stored?.scopes, stored?.secret], ["Läromedel AB", ["roster.readonly"], secret]);
    const token = await fetch(`${base}/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    assert.equal(token.status, 200, "the secret shown works at POST /token");

    await tab.getByRole("link", { name: "Back to the tenant" }).click();
    assert.equal(await tab.getByText(secret).count(), 0, "the secret is not shown again");
    await context.close();
  });
});
