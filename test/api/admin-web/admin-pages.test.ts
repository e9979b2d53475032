import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import request from "supertest";
import { hashPassword } from "../../../src/api/admin-web/password-hash.ts";
import { findClient, listClients } from "../../../src/api/auth/clients.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { ADMIN_HASH, adminApp, csrfOf, GUARD_ERROR, RUNS, seedRuns, signIn } from "./admin-fixtures.ts";

function cookieHeaders(response: request.Response): string[] {
  const value = response.headers["set-cookie"] as unknown;
  return Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
}

function sessionCookie(response: request.Response): string | undefined {
  return cookieHeaders(response).find((c) => c.startsWith("oneroster_admin="));
}

describeEachEngine("admin web page", (database) => {
  let app: Express;

  before(async () => {
    const { db } = database();
    await loadSmallMunicipality(db);
    await seedRuns(db);
    app = adminApp(database());
  });

  it("is disabled, never open, without ADMIN_PASSWORD_HASH", async () => {
    const disabled = adminApp(database(), {});
    for (const path of ["/admin", "/admin/login", "/admin/tenants/default"]) {
      const response = await request(disabled).get(path);
      assert.equal(response.status, 503, path);
      assert.match(response.text, /The admin page is disabled: no admin password is set\. Set ADMIN_PASSWORD_HASH/);
    }
    const post = await request(disabled).post("/admin/login").type("form").send({ username: "admin", password: "" });
    assert.equal(post.status, 503);
    assert.equal(sessionCookie(post), undefined);
  });

  it("sends a visitor without a session to the sign-in form", async () => {
    const response = await request(app).get("/admin/tenants/default");
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, "/admin/login");
    const form = await request(app).get("/admin/login");
    assert.equal(form.status, 200);
    assert.match(form.text, /<input name="username"/);
    assert.match(form.headers["cache-control"] ?? "", /no-store/);
    const nonce = cookieHeaders(form).find((c) => c.startsWith("oneroster_admin_login="));
    assert.match(nonce ?? "", /^oneroster_admin_login=[A-Za-z0-9_-]{22}; Max-Age=3600; Path=\/admin; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
  });

  it("refuses a wrong password or user name with a 401 page and no session", async () => {
    for (const [user, password] of [["admin", "fel lösenord"], ["root", "rätt häst batteri"], ["admin", ""]] as const) {
      const agent = request.agent(app);
      const response = await signIn(agent, password, user);
      assert.equal(response.status, 401, `${user}/${password}`);
      assert.match(response.text, /Wrong user name or password\./);
      assert.equal(sessionCookie(response), undefined);
      assert.equal((await agent.get("/admin")).status, 303, "still signed out");
    }
  });

  it("refuses a sign-in whose form token is missing or forged (login CSRF)", async () => {
    const agent = request.agent(app);
    await agent.get("/admin/login").expect(200);
    for (const token of [undefined, "forged"]) {
      const response = await agent.post("/admin/login").type("form").send({ ...(token ? { _csrf: token } : {}), username: "admin", password: "rätt häst batteri" });
      assert.equal(response.status, 403);
      assert.match(response.text, /The sign-in form had expired or did not come from this page/);
      assert.equal(sessionCookie(response), undefined);
    }
  });

  it("signs in with the right password: an HttpOnly, SameSite=Strict session cookie for /admin, valid 8 hours", async () => {
    const agent = request.agent(app);
    const response = await signIn(agent);
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, "/admin");
    assert.match(sessionCookie(response) ?? "", /^oneroster_admin=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=28800; Path=\/admin; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const home = await agent.get("/admin");
    assert.equal(home.status, 200);
    assert.match(home.text, /<a href="\/admin\/tenants\/default">default<\/a><\/td><td>Default school owner<\/td>/);
    assert.match(home.text, /<td class="n"><strong class="error">1<\/strong><\/td>/, "one held run awaits approval");
  });

  it("marks the cookie Secure when the request came over https", async () => {
    const behindProxy = adminApp(database(), { ADMIN_PASSWORD_HASH: ADMIN_HASH, TRUST_PROXY: 1 });
    const agent = request.agent(behindProxy);
    const form = await agent.get("/admin/login").set("X-Forwarded-Proto", "https");
    const nonce = cookieHeaders(form).find((c) => c.startsWith("oneroster_admin_login="))!.split(";")[0]!;
    const response = await request(behindProxy)
      .post("/admin/login")
      .set("X-Forwarded-Proto", "https")
      .set("Cookie", nonce)
      .type("form")
      .send({ _csrf: csrfOf(form.text), username: "admin", password: "rätt häst batteri" });
    assert.equal(response.status, 303);
    assert.match(sessionCookie(response) ?? "", /; HttpOnly; Secure; SameSite=Strict$/);
  });

  it("ends every session when the password hash changes, and ignores an altered cookie", async () => {
    const agent = request.agent(app);
    const cookie = sessionCookie(await signIn(agent))!.split(";")[0]!;
    assert.equal((await request(app).get("/admin").set("Cookie", cookie)).status, 200);
    const newPassword = adminApp(database(), { ADMIN_PASSWORD_HASH: await hashPassword("nytt", { N: 1024, r: 8, p: 1 }) });
    assert.equal((await request(newPassword).get("/admin").set("Cookie", cookie)).status, 303);
    // The signature's first character: its last one also carries padding bits, which a decoder may ignore.
    const signature = cookie.lastIndexOf(".") + 1;
    const altered = `${cookie.slice(0, signature)}${cookie[signature] === "A" ? "B" : "A"}${cookie.slice(signature + 1)}`;
    assert.equal((await request(app).get("/admin").set("Cookie", altered)).status, 303);
  });

  it("limits failed sign-ins per address: the 11th within 15 minutes is 429 even with the right password", async () => {
    const limited = adminApp(database());
    const agent = request.agent(limited);
    for (let i = 0; i < 10; i++) assert.equal((await signIn(agent, `fel ${i}`)).status, 401);
    const refused = await signIn(agent);
    assert.equal(refused.status, 429);
    assert.match(refused.text, /Too many failed sign-ins from this address; wait 15 minutes/);
    assert.equal(sessionCookie(refused), undefined);
  });

  it("shows the tenant: import and export runs with counts and errors, the held run, schools and clients", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const page = await agent.get("/admin/tenants/default");
    assert.equal(page.status, 200);
    const text = page.text;
    assert.match(text, new RegExp(`<a href="/admin/tenants/default/runs/${RUNS.succeeded}">2026-11-24T02:00:00.000Z</a></td><td>sis \\(ss12000\\)</td>\\s*<td><span class="status-succeeded">succeeded</span></td><td>full</td><td class="n">12.5 s</td><td>412 created, 0 updated, 0 removed</td>\\s*<td class="n">3</td>`));
    assert.match(text, /<td><span class="status-failed">failed<\/span><\/td><td class="n">1.0 s<\/td><td>users: 398 written<\/td><td class="n">0<\/td><td class="error">SFTP upload refused<\/td>/);
    assert.ok(text.includes(`action="/admin/tenants/default/held-runs/${RUNS.held}/approve"`));
    assert.match(text, /Approving lets the next run of the source apply the removals the mass-delete guard held back/);
    // Schools: students, teachers, guardians by school, then classes and enrollments (active rows only).
    assert.match(text, /<th>School<\/th><th>sourcedId<\/th><th>Identifier<\/th><th>students<\/th><th>teachers<\/th><th>guardians<\/th><th>Classes<\/th><th>Enrollments<\/th>/);
    const cells = (...values: Array<string | number>) => values.map((v) => `<td${typeof v === "number" ? ' class="n"' : ""}>${v}</td>`).join("\\s*");
    assert.match(text, new RegExp(`<tr>${cells("Björkskolan", IDS.school1, "10000001", 2, 1, 1, 1, 3)}</tr>`), "user-student-3 and its enrollment are tobedeleted");
    assert.match(text, new RegExp(`<tr>${cells("Ekgymnasiet", IDS.school2, "10000002", 1, 0, 0, 1, 1)}</tr>`));
    assert.match(text, /<p>No API clients\.<\/p>/);
  });

  it("shows a run's diff summary, warnings and error; and an export run", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const run = await agent.get(`/admin/tenants/default/runs/${RUNS.succeeded}`);
    assert.equal(run.status, 200);
    assert.match(run.text, /<tr><td>users<\/td><td class="n">400<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">2<\/td><\/tr>/);
    assert.match(run.text, /<tr><td>classes<\/td><td class="n">12<\/td>/);
    assert.match(run.text, /<p>The first 1 of 3 warnings:<\/p><ul><li>users user-9: no e-mail &lt;address&gt;<\/li><\/ul>/);
    const held = await agent.get(`/admin/tenants/default/runs/${RUNS.held}`);
    assert.ok(held.text.includes(`<p class="error">${GUARD_ERROR}</p>`));
    assert.match(held.text, /What the run would have done; nothing was written\./);
    assert.match(held.text, /<tr><td>users<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">280<\/td><td class="n">120<\/td><td class="n">0<\/td><\/tr>/);
    assert.ok(held.text.includes(`action="/admin/tenants/default/held-runs/${RUNS.held}/approve"`));
    const exported = await agent.get(`/admin/tenants/default/runs/${RUNS.exported}`);
    assert.match(exported.text, /<h1>Export run 11111111-0000-4000-8000-000000000003<\/h1>/);
    assert.match(exported.text, /<thead><tr><th>Entity<\/th><th>written<\/th><\/tr><\/thead>\s*<tbody><tr><td>users<\/td><td class="n">398<\/td><\/tr><\/tbody>/);
    assert.equal((await agent.get("/admin/tenants/default/runs/nope")).status, 404);
    assert.equal((await agent.get("/admin/tenants/nope")).status, 404);
  });

  it("refuses a POST without the session's CSRF token, or with another session's, and changes nothing", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const other = request.agent(app);
    await signIn(other);
    const othersToken = csrfOf((await other.get("/admin/tenants/default")).text);
    const approve = `/admin/tenants/default/held-runs/${RUNS.held}/approve`;
    for (const body of [{}, { _csrf: "forged" }, { _csrf: othersToken }]) {
      const response = await agent.post(approve).type("form").send(body);
      assert.equal(response.status, 403);
      assert.match(response.text, /did not come from this page \(CSRF check\); nothing was changed/);
    }
    const create = await agent.post("/admin/tenants/default/clients").type("form").send({ _csrf: othersToken, name: "x" });
    assert.equal(create.status, 403);
    const signedOut = await request(app).post(approve).type("form").send({ _csrf: othersToken });
    assert.equal(signedOut.status, 401);
    assert.deepEqual(await database().db.selectFrom("run_approvals").selectAll().execute(), []);
    assert.deepEqual(await listClients(database().db, "default"), []);
  });

  it("approves a held run for the source's next run, once", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const csrf = csrfOf((await agent.get("/admin/tenants/default")).text);
    const response = await agent.post(`/admin/tenants/default/held-runs/${RUNS.held}/approve`).type("form").send({ _csrf: csrf });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `/admin/tenants/default?approved=${RUNS.held}`);
    const rows = await database().db.selectFrom("run_approvals").select(["tenant_id", "run_id", "approved_by", "used_at"]).execute();
    assert.deepEqual(rows, [{ tenant_id: "default", run_id: RUNS.held, approved_by: "admin", used_at: null }]);
    const page = await agent.get(response.headers.location!);
    assert.match(page.text, new RegExp(`<p class="notice" role="status">Approved run ${RUNS.held}: the next run of source &quot;sis&quot; applies what the guard held back.</p>`));
    assert.match(page.text, /approved by admin at 20\d\d-[^;]+; waits for the next run/);
    assert.ok(!page.text.includes("/approve\""), "no Approve button any more");
    const again = await agent.post(`/admin/tenants/default/held-runs/${RUNS.held}/approve`).type("form").send({ _csrf: csrf });
    assert.equal(again.status, 409);
    assert.match(again.text, /was already approved by admin at/);
    const notHeld = await agent.post(`/admin/tenants/default/held-runs/${RUNS.succeeded}/approve`).type("form").send({ _csrf: csrf });
    assert.equal(notHeld.status, 409);
    assert.match(notHeld.text, /was not stopped by the mass-delete guard \(it is succeeded\)/);
  });

  it("creates an API client, shows its secret once, and revokes it", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const csrf = csrfOf((await agent.get("/admin/tenants/default")).text);
    const body = new URLSearchParams([["_csrf", csrf], ["name", "Läromedel AB"], ["scopes", "roster.readonly"], ["scopes", "gradebook.readonly"], ["schools", IDS.school2]]);
    const created = await agent.post("/admin/tenants/default/clients").type("form").send(body.toString());
    assert.equal(created.status, 200);
    assert.match(created.headers["cache-control"] ?? "", /no-store/);
    const clientId = created.text.match(/<code class="secret" id="client-id">([0-9a-f]{32})<\/code>/)?.[1];
    const secret = created.text.match(/<code class="secret" id="client-secret">([\w-]{43})<\/code>/)?.[1];
    assert.ok(clientId && secret, created.text);
    const stored = await findClient(database().db, TEST_SECRET_BOX, clientId);
    assert.equal(stored?.secret, secret);
    assert.deepEqual([stored?.name, stored?.tenantId, stored?.scopes, stored?.schoolSourcedIds], ["Läromedel AB", "default", ["roster.readonly", "gradebook.readonly"], [IDS.school2]]);

    const page = (await agent.get("/admin/tenants/default")).text;
    assert.ok(page.includes(`<td><code>${clientId}</code></td><td>Läromedel AB</td><td>roster.readonly, gradebook.readonly</td>\n<td>${IDS.school2}</td>`));
    assert.ok(!page.includes(secret), "the secret is never shown again");

    const badScope = await agent.post("/admin/tenants/default/clients").type("form").send({ _csrf: csrf, name: "x", scopes: "roster.write" });
    assert.equal(badScope.status, 400);
    assert.match(badScope.text, /unknown scope &quot;roster.write&quot;/);
    assert.equal((await agent.post("/admin/tenants/default/clients").type("form").send({ _csrf: csrf, name: " " })).status, 400);

    const revoked = await agent.post(`/admin/tenants/default/clients/${clientId}/revoke`).type("form").send({ _csrf: csrf });
    assert.equal(revoked.status, 303);
    assert.equal(revoked.headers.location, `/admin/tenants/default?revoked=${clientId}`);
    assert.ok((await findClient(database().db, TEST_SECRET_BOX, clientId))?.revokedAt instanceof Date);
    assert.match((await agent.get(revoked.headers.location!)).text, /Revoked API client [0-9a-f]{32} \(&quot;Läromedel AB&quot;\)/);
    assert.equal((await agent.post("/admin/tenants/default/clients/unknown/revoke").type("form").send({ _csrf: csrf })).status, 404);
    assert.equal((await listClients(database().db)).length, 1);
  });

  it("escapes every value: a hostile tenant, school and client name render as text", async () => {
    const { db } = database();
    const hostile = `<script>alert("x")</script>&'`;
    await db.insertInto("tenants").values({ id: "evil", name: hostile }).execute();
    await db.insertInto("sources").values({ tenant_id: "evil", id: "s", kind: "test" }).execute();
    await db.insertInto("orgs").values({ tenant_id: "evil", source_id: "s", sourced_id: `"><img src=x onerror=alert(1)>`, name: hostile, type: "school" }).execute();
    const agent = request.agent(app);
    await signIn(agent);
    const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
    for (const path of ["/admin", "/admin/tenants/evil"]) {
      const page = (await agent.get(path)).text;
      assert.ok(page.includes(escaped), path);
      assert.ok(!page.includes("<script>"), path);
      assert.ok(!page.includes("<img"), path);
    }
    const csrf = csrfOf((await agent.get("/admin/tenants/evil")).text);
    const created = await agent.post("/admin/tenants/evil/clients").type("form").send({ _csrf: csrf, name: hostile });
    assert.ok(created.text.includes(`<tr><th>Name</th><td>${escaped}</td></tr>`));
    assert.ok(!created.text.includes("<script>"));
  });

  it("signs out: the cookie is cleared", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const csrf = csrfOf((await agent.get("/admin")).text);
    const response = await agent.post("/admin/logout").type("form").send({ _csrf: csrf });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, "/admin/login");
    assert.match(sessionCookie(response) ?? "", /^oneroster_admin=; Path=\/admin; Expires=Thu, 01 Jan 1970/);
    assert.equal((await agent.get("/admin")).status, 303);
  });
});
