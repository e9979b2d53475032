import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { z } from "zod";
import { parseSetup, SetupError, loadSetup } from "../../src/setup/load.ts";
import { setupSchema } from "../../src/setup/schema.ts";

/** The problems a setup text has, as `oneroster check` prints them. */
function problemsOf(text: string): string[] {
  try {
    parseSetup(text, "setup.yaml");
  } catch (error) {
    if (error instanceof SetupError) return error.problems;
    throw error;
  }
  assert.fail("the setup was accepted");
}

const ss12000 = (settings: string) => `
      - id: sis
        kind: ss12000
        settings:
${settings}`;

const GOOD_SOURCE = ss12000(`          url: https://api.exempelby.se/ss12000/v2.0
          tokenUrl: https://api.exempelby.se/token
          clientId: oneroster
          clientSecret: env:SS_SECRET`);

const tenant = (sources: string, extra = "") => `tenants:
  - id: kommun
${extra}    sources:${sources}
`;

describe("setup validation", () => {
  it("accepts a minimal setup, filling in the nightly schedule, the time zone, the policy and the guard", () => {
    const setup = parseSetup(tenant(GOOD_SOURCE), "setup.yaml");
    assert.equal(setup.schedule, "0 2 * * *");
    assert.equal(setup.timezone, "Europe/Stockholm");
    const [only] = setup.tenants;
    assert.equal(only!.personnummer, "omit");
    assert.deepEqual(only!.massDeleteGuard, { share: 0.1, minimum: 50 });
    assert.deepEqual(only!.exporters, []);
    const source = only!.sources[0] as unknown as { settings: Record<string, unknown> };
    // The secret arrives as the name of its environment variable, as the importer's own settings take it.
    assert.equal(source.settings.clientSecretEnv, "SS_SECRET");
    assert.equal("clientSecret" in source.settings, false);
  });

  it("names an unknown source kind with the kinds there are", () => {
    assert.deepEqual(problemsOf(tenant(`\n      - id: sis\n        kind: extens\n        settings: {}`)), [
      'setup.yaml:5: tenants[0].sources[0].kind: unknown source kind "extens" (known: ss12000, ist-educloud, schoolsoft, edlevo, ist-ims, alvis, unikum, adela, skolplatsen, mapped-file, oneroster-csv)',
    ]);
  });

  it("refuses a literal secret without repeating it", () => {
    const problems = problemsOf(
      tenant(
        ss12000(`          url: https://api.exempelby.se/ss12000/v2.0
          tokenUrl: https://api.exempelby.se/token
          clientId: oneroster
          clientSecret: hunter2`),
      ),
    );
    assert.deepEqual(problems, [
      "setup.yaml:10: tenants[0].sources[0].settings.clientSecret: a secret must be an env:NAME reference (the environment variable holding it), never the secret itself",
    ]);
    assert.equal(problems.join("").includes("hunter2"), false);
    const sftp = "    exporters:\n      - id: asm\n        kind: asm\n        settings:\n          sftp: { host: sftp.example.se, username: u, password: s3cret, remotePath: /dropbox/Archive.zip }\n";
    assert.deepEqual(problemsOf(tenant(GOOD_SOURCE, sftp)), [
      "setup.yaml:7: tenants[0].exporters[0].settings.sftp.password: a secret must be an env:NAME reference (the environment variable holding it), never the secret itself",
    ]);
  });

  it("refuses env:NAME outside secrets, a malformed reference, and the importer's own …Env names", () => {
    assert.deepEqual(
      problemsOf(
        tenant(
          ss12000(`          url: env:SS_URL
          tokenUrl: https://api.exempelby.se/token
          clientId: oneroster
          clientSecret: env:1BAD`),
        ),
      ),
      [
        "setup.yaml:7: tenants[0].sources[0].settings.url: only secrets (clientSecret, token, password, passphrase …) come from the environment; give the value itself",
        'setup.yaml:10: tenants[0].sources[0].settings.clientSecret: "env:1BAD" is not env:NAME (letters, digits and _, not starting with a digit)',
      ],
    );
    assert.deepEqual(problemsOf(tenant(ss12000(`          url: https://api.exempelby.se/ss12000/v2.0\n          tokenEnv: SS_TOKEN`))), [
      "setup.yaml:8: tenants[0].sources[0].settings.tokenEnv: write token: env:NAME instead",
    ]);
  });

  it("names a bad cron expression and a time zone that does not exist", () => {
    assert.deepEqual(problemsOf(`timezone: Europe/Stokholm\nschedule: "0 25 * * *"\n${tenant(GOOD_SOURCE, '    schedule: "every night"\n')}`), [
      'setup.yaml:1: timezone: "Europe/Stokholm" is not an IANA time zone (e.g. Europe/Stockholm)',
      'setup.yaml:2: schedule: "0 25 * * *" is not a cron expression: hour: 25 is a invalid expression for hour',
      'setup.yaml:5: tenants[0].schedule: "every night" is not a cron expression: expression: expected 5 or 6 fields but got 2',
    ]);
  });

  it("names a bad URL with the importer's own message", () => {
    assert.deepEqual(problemsOf(tenant(ss12000(`          url: api.exempelby.se\n          token: env:SS_TOKEN`))), [
      "setup.yaml:7: tenants[0].sources[0].settings.url: Invalid URL",
    ]);
  });

  it("says which tenant lacks its id, at the tenant's line", () => {
    assert.deepEqual(problemsOf(`tenants:\n  - id: kommun\n    sources:${GOOD_SOURCE}\n  - name: Friskolan\n    sources:${GOOD_SOURCE}\n`), [
      "setup.yaml:11: tenants[1].id: missing tenant id",
    ]);
  });

  it("names a duplicate source id and where the first one is", () => {
    assert.deepEqual(problemsOf(tenant(GOOD_SOURCE + GOOD_SOURCE)), ['setup.yaml:11: tenants[0].sources[1].id: duplicate source id "sis" (tenants[0].sources[0] has it too)']);
  });

  it("rewords the importer's messages about …Env settings as the setup writes them", () => {
    assert.deepEqual(problemsOf(tenant(ss12000("          url: https://api.exempelby.se/ss12000/v2.0"))), [
      "setup.yaml:6: tenants[0].sources[0].settings: give either token (a static bearer token) or tokenUrl, clientId and clientSecret (OAuth 2 client credentials)",
    ]);
  });

  it("keeps the personnummer policy on the tenant, and names unknown keys, a file exporter without output and YAML errors", () => {
    const csv = `\n      - id: csv\n        kind: oneroster-csv\n        settings:\n          file: in.zip\n          personnummer: store`;
    assert.deepEqual(problemsOf(tenant(csv)), [
      "setup.yaml:8: tenants[0].sources[0].settings.personnummer: the personnummer policy is the tenant's: set personnummer (omit or store) on the tenant",
    ]);
    assert.deepEqual(problemsOf(tenant(GOOD_SOURCE, "    schedul: 0 3 * * *\n    exporters:\n      - id: sds\n        kind: sds\n        settings: {}\n")), [
      'setup.yaml:3: tenants[0].schedul: unknown key',
      "setup.yaml:5: tenants[0].exporters[0].out: say where the files go: out (a folder or a .zip), or settings.sftp to upload them",
    ]);
    assert.deepEqual(problemsOf("tenants:\n  - id: kommun\n    id: skolan\n"), ["setup.yaml:3: Map keys must be unique"]);
  });

  it("validates examples/setup.yaml", async () => {
    const { setup } = await loadSetup(new URL("../../examples/setup.yaml", import.meta.url).pathname);
    assert.deepEqual(
      setup.tenants.map((t) => [t.id, t.sources.map((s) => s.kind), t.exporters.map((e) => e.kind)]),
      [
        ["exempelby", ["ss12000", "oneroster-csv"], ["sds", "asm", "graph", "classroom", "oneroster-csv"]],
        ["friskolan", ["schoolsoft", "oneroster-csv"], []],
        ["norrby", ["ist-educloud", "alvis"], []],
        ["soderby", ["edlevo", "unikum"], []],
        ["vasterby", ["ist-ims", "adela", "skolplatsen", "mapped-file"], []],
      ],
    );
  });

  it("examples/setup.yaml names every key the setup takes", async () => {
    const text = await readFile(new URL("../../examples/setup.yaml", import.meta.url), "utf8");
    const missing = [...keysOf(setupSchema)].filter((key) => !new RegExp(`^\\s*(?:#\\s*)?(?:- )?${key}:`, "m").test(text) && !new RegExp(`[{,] ${key}:`).test(text));
    assert.deepEqual(missing, []);
  });
});

/** Every object key a schema accepts, at any depth, as the setup writes it (`clientSecret` for `clientSecretEnv`). */
function keysOf(schema: z.core.$ZodType, seen = new Set<z.core.$ZodType>(), keys = new Set<string>()): Set<string> {
  if (seen.has(schema)) return keys;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const walk = (inner: unknown) => inner && keysOf(inner as z.core.$ZodType, seen, keys);
  if (def.type === "object") {
    for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
      keys.add(key.endsWith("Env") ? key.slice(0, -3) : key);
      walk(value);
    }
  }
  for (const field of ["innerType", "in", "out", "element", "schema"]) walk(def[field]);
  for (const option of (def.options as unknown[] | undefined) ?? []) walk(option);
  return keys;
}
