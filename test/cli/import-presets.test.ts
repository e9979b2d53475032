import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("oneroster import ist-educloud | schoolsoft", () => {
  let fake: FakeSs12000;
  let marked: FakeSs12000;
  const db = cliDatabase("oneroster-presets-cli-");
  before(async () => {
    fake = await startFakeSs12000({ students: 20, seed: 5, staticToken: "ss-token" });
    marked = await startFakeSs12000({ students: 20, seed: 5, staticToken: "ss-token" });
    for (const id of [...marked.state.data.activities.keys()].slice(3)) marked.remove("activities", id);
    await db.setUp();
  });
  after(async () => {
    await fake.close();
    await marked.close();
    await db.tearDown();
  });

  it("ist-educloud: EduCloud's token flow, only the school units marked for the LMS", async () => {
    const schools = [...fake.state.data.organisations.values()].filter((o) => o.organisationType === "Skolenhet");
    const args = ["--url", fake.url, "--token-url", fake.tokenUrl, "--client-id", fake.clientId, "--client-secret-env", "EC_SECRET", "--as-of", "2026-09-01"];
    const { code, stdout, stderr } = await runCli(["import", "ist-educloud", "--tenant", "kommun", ...args, "--lms-schools", schools[0]!.schoolUnitCode!], {
      ...db.env(),
      EC_SECRET: fake.clientSecret,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^imported IST EduCloud ${escaped(fake.url)} \\(full\\) into tenant kommun in [\\d.]+ s, run [0-9a-f-]{36}$`, "m"));
    assert.match(stdout, /^ {2}orgs: 2 created, 0 updated, 0 unchanged, 0 removed, 0 skipped$/m);
    assert.match(stdout, new RegExp(`^ {4}orgs: ${schools.length - 1} school unit\\(s\\) not among the setup's schoolUnitCodes left out with everything at them$`, "m"));
    assert.deepEqual(fake.tokens.requests.map((r) => r.form), [{ grant_type: "client_credentials", client_id: fake.clientId, client_secret: fake.clientSecret }]);
  });

  it("schoolsoft --marked-only: only the marked activities become classes", async () => {
    const { code, stdout, stderr } = await runCli(
      ["import", "schoolsoft", "--tenant", "skola", "--url", fake.url, "--token-env", "SS_TOKEN", "--marked-only", "--marked-url", marked.url, "--as-of", "2026-09-01"],
      { ...db.env(), SS_TOKEN: "ss-token" },
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^imported SchoolSoft ${escaped(fake.url)} \\(full\\) into tenant skola`, "m"));
    assert.match(stdout, /^ {2}classes: 3 created, 0 updated, 0 unchanged, 0 removed, 0 skipped$/m);
    const unmarked = fake.state.data.activities.size - 3;
    assert.match(stdout, new RegExp(`^ {4}classes: ${unmarked} activit\\(y/ies\\) not in the list of selected activities left out$`, "m"));
  });

  it("schoolsoft: --marked-only without the marked export's URL is one clear error, exit 1", async () => {
    const { code, stdout, stderr } = await runCli(["import", "schoolsoft", "--tenant", "skola", "--url", fake.url, "--token-env", "SS_TOKEN", "--marked-only"], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr.trim(), "error: --marked-only needs --marked-url: the SS 12000 base URL of SchoolSoft's marked export");
  });
});
