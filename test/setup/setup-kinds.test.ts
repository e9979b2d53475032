import assert from "node:assert/strict";
import { dirname } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { EXPORTER_KINDS, exporterKind } from "../../src/setup/exporter-kinds.ts";
import type { KindContext } from "../../src/setup/kind.ts";
import { parseSetup, SetupError } from "../../src/setup/load.ts";
import { SOURCE_KINDS, sourceKind } from "../../src/setup/source-kinds.ts";
import { startFakeGoogle, type FakeGoogle } from "../fakes/google/server.ts";

/** A setup of one tenant with these sources (and exporters), YAML lines indented as list items under them. */
const setupWith = (sources: string, exporters = "") => `tenants:
  - id: kommun
    sources:
${sources}${exporters ? `    exporters:\n${exporters}` : ""}`;

const UNIKUM = "      - id: u\n        kind: unikum\n        settings: { files: [u.txt] }\n";

function problemsOf(text: string): string[] {
  try {
    parseSetup(text, "setup.yaml");
  } catch (error) {
    if (error instanceof SetupError) return error.problems;
    throw error;
  }
  assert.fail("the setup was accepted");
}

type Entry = { id: string; kind: string } & Record<string, any>;
const sourceOf = (text: string) => parseSetup(text, "setup.yaml").tenants[0]!.sources[0] as Entry;
const exporterOf = (text: string) => parseSetup(text, "setup.yaml").tenants[0]!.exporters[0] as Entry;

/** The least each source kind takes, as a setup writes it. */
const MINIMAL_SOURCES: Record<string, string> = {
  ss12000: "{ url: https://sis.exempelby.se/v2.0, token: env:SS_TOKEN }",
  "ist-educloud": "{ customerId: SE00100, clientId: oneroster, clientSecret: env:EDUCLOUD_SECRET }",
  schoolsoft: "{ url: https://sms.schoolsoft.se/skolan/v2.0, token: env:SCHOOLSOFT_TOKEN }",
  edlevo: "{ files: [edlevo.xml] }",
  "ist-ims": "{ file: extens.xml }",
  alvis: "{ sftp: { host: sftp.alvis.se, username: kommun, password: env:ALVIS_PASSWORD, path: /export/ims.xml } }",
  unikum: "{ files: [objects.txt, relations.txt] }",
  adela: "{ file: adela.xml }",
  skolplatsen: "{ file: skolplatsen.csv }",
  "mapped-file": "{ file: elever.csv, mapping: mapping.yaml }",
  "oneroster-csv": "{ file: in.zip }",
};

describe("setup kinds", () => {
  it("takes every registered source kind with its least settings", () => {
    assert.deepEqual(SOURCE_KINDS.map((k) => k.kind).sort(), Object.keys(MINIMAL_SOURCES).sort(), "every kind has a case here");
    for (const [kind, settings] of Object.entries(MINIMAL_SOURCES)) {
      const source = sourceOf(setupWith(`      - id: s\n        kind: ${kind}\n        settings: ${settings}\n`));
      assert.equal(source.kind, kind);
    }
  });

  it("takes every registered exporter kind", () => {
    assert.ok(EXPORTER_KINDS.some((k) => k.kind === "classroom"));
    const exporter = exporterOf(setupWith(UNIKUM, "      - id: gc\n        kind: classroom\n        settings: { adminSubject: admin@exempelby.se }\n"));
    assert.deepEqual(exporter, {
      id: "gc",
      kind: "classroom",
      settings: {
        adminSubject: "admin@exempelby.se",
        keyJsonEnv: "GOOGLE_SERVICE_ACCOUNT_KEY",
        classTypes: ["homeroom", "scheduled"],
        nameTemplate: "{title}",
        sectionTemplate: "{schoolName}",
        descriptionTemplate: "",
        aliasPrefix: "d:",
        courseState: "ACTIVE",
        addMembersBy: "direct",
        userMatch: "email",
        rootUrl: "https://classroom.googleapis.com/",
        tokenUrl: "https://oauth2.googleapis.com/token",
        batchSize: 50,
        maxRetries: 6,
        backoffBaseMs: 1000,
        backoffMaxMs: 64000,
      },
    });
    const withKey = exporterOf(setupWith(UNIKUM, "      - id: gc\n        kind: classroom\n        settings: { adminSubject: admin@exempelby.se, keyJson: env:GC_KEY, keyFile: gc.json }\n"));
    assert.deepEqual([(withKey.settings as Record<string, unknown>).keyJsonEnv, (withKey.settings as Record<string, unknown>).keyFile], ["GC_KEY", "gc.json"]);
  });

  it("resolves the EduCloud preset to SS 12000 settings", () => {
    const source = sourceOf(
      setupWith(
        "      - id: ist\n        kind: ist-educloud\n        settings:\n          customerId: SE00100\n          clientId: oneroster\n          clientSecret: env:EDUCLOUD_SECRET\n          lmsSchoolUnitCodes: ['12345678']\n          startsWithinDays: 7\n          pageSize: 200\n",
      ),
    );
    assert.deepEqual(source, {
      id: "ist",
      kind: "ist-educloud",
      settings: {
        url: "https://api.ist.com/ss12000v2-api/source/SE00100/v2.0",
        tokenUrl: "https://skolid.se/connect/token",
        clientId: "oneroster",
        clientSecretEnv: "EDUCLOUD_SECRET",
        tokenAuth: "body",
        pageSize: 200,
        timeoutMs: 60000,
        maxAttempts: 6,
        maxRetryWaitMs: 120000,
        personnummer: "omit",
        emailTypeOrder: { student: ["Skola elev", "Skola personal", "Arbete övrigt"], staff: ["Skola personal", "Arbete övrigt", "Skola elev"], guardian: ["Privat", "Arbete övrigt"] },
        guardianRelationTypes: ["Vårdnadshavare", "God man", "Annan ansvarig", "Utsedd behörig"],
        demographics: false,
        terms: { autumn: { start: "07-01", end: "12-31" }, spring: { start: "01-01", end: "06-30" } },
        filters: { schoolUnitCodes: ["12345678"], window: { requireStartDate: true, startsWithinDays: 7 }, homerooms: true, requirePersonUuids: false },
      },
    });
  });

  it("resolves SchoolSoft's marked export, Unikum's defaults, an IMS export over SFTP and Adela's preset", () => {
    const schoolsoft = sourceOf(setupWith("      - id: ss\n        kind: schoolsoft\n        settings: { url: https://sms.se/v2.0, token: env:T, markedExport: { url: https://sms.se/m/v2.0 } }\n"));
    assert.deepEqual((schoolsoft.settings as { filters: unknown }).filters, { requirePersonUuids: true, activitiesListedAt: "https://sms.se/m/v2.0", homerooms: false });
    assert.deepEqual(sourceOf(setupWith(`      - id: u\n        kind: unikum\n        settings: ${MINIMAL_SOURCES.unikum}\n`)).settings, {
      files: ["objects.txt", "relations.txt"],
      encoding: "auto",
      delimiter: "auto",
      relationColumns: { from: 1, to: 2, operation: 3 },
      homeroomNamePattern: "^(F|FK|[0-9]{1,2}|[A-ZÅÄÖ]{2,4}[0-9]{2})[ -]?[A-Za-zÅÄÖåäö]?$",
      personnummer: "omit",
      terms: { autumn: { start: "07-01", end: "12-31" }, spring: { start: "01-01", end: "06-30" } },
    });
    const alvis = sourceOf(setupWith(`      - id: vux\n        kind: alvis\n        settings: ${MINIMAL_SOURCES.alvis}\n`)).settings as Record<string, unknown>;
    assert.deepEqual(alvis.sftp, { host: "sftp.alvis.se", port: 22, username: "kommun", passwordEnv: "ALVIS_PASSWORD", path: "/export/ims.xml" });
    const adela = sourceOf(setupWith(`      - id: a\n        kind: adela\n        settings: ${MINIMAL_SOURCES.adela}\n`)).settings as Record<string, unknown>;
    assert.deepEqual([adela.file, adela.mapping, "kind" in adela], ["adela.xml", "adela", false]);
  });

  it("names an unknown key at its YAML path in every family, where the importer alone would drop it", () => {
    const one = (kind: string, settings: string) => problemsOf(setupWith(`      - id: s\n        kind: ${kind}\n        settings:\n${settings}`));
    assert.deepEqual(one("ss12000", "          url: https://sis.se/v2.0\n          token: env:T\n          emailTypeOrder: { students: [] }\n"), [
      "setup.yaml:9: tenants[0].sources[0].settings.emailTypeOrder.students: unknown key",
    ]);
    assert.deepEqual(one("ist-educloud", "          customerID: SE00100\n          clientId: x\n          clientSecret: env:S\n"), [
      "setup.yaml:6: tenants[0].sources[0].settings.customerId: give either customerId or url",
      "setup.yaml:7: tenants[0].sources[0].settings.customerID: unknown key",
    ]);
    assert.deepEqual(one("schoolsoft", "          url: https://sms.se/v2.0\n          token: env:T\n          markedExport: { url: https://sms.se/m, homeroom: true }\n"), [
      "setup.yaml:9: tenants[0].sources[0].settings.markedExport.homeroom: unknown key",
    ]);
    assert.deepEqual(one("alvis", "          file: vux.xml\n          encodng: utf-8\n"), ["setup.yaml:8: tenants[0].sources[0].settings.encodng: unknown key"]);
    assert.deepEqual(one("edlevo", "          files: [e.xml]\n          tls:\n            cert: c.pem\n            keyFile: k.pem\n"), [
      "setup.yaml:8: tenants[0].sources[0].settings.tls.certFile: Invalid input: expected string, received undefined",
      "setup.yaml:9: tenants[0].sources[0].settings.tls.cert: unknown key",
    ]);
    assert.deepEqual(one("unikum", "          files: [u.txt]\n          relationColumns: { form: 2 }\n"), ["setup.yaml:8: tenants[0].sources[0].settings.relationColumns.form: unknown key"]);
    assert.deepEqual(one("mapped-file", "          file: e.csv\n          mapping:\n            name: m\n            format: csv\n            records:\n              - role: student\n                fields: { personId: Id, givenname: F, familyName: E, school: S }\n"), [
      "setup.yaml:13: tenants[0].sources[0].settings.mapping.records[0].fields.givenName: Invalid input: expected string, received undefined",
      "setup.yaml:13: tenants[0].sources[0].settings.mapping.records[0].fields.givenname: unknown key",
    ]);
    assert.deepEqual(one("adela", "          file: a.xml\n          kind: mapped-file\n"), ["setup.yaml:8: tenants[0].sources[0].settings.kind: unknown key"]);
    assert.deepEqual(problemsOf(setupWith(UNIKUM, "      - id: gc\n        kind: classroom\n        settings:\n          adminSubjet: admin@exempelby.se\n")), [
      "setup.yaml:10: tenants[0].exporters[0].settings.adminSubject: Invalid input: expected string, received undefined",
      "setup.yaml:11: tenants[0].exporters[0].settings.adminSubjet: unknown key",
    ]);
  });

  it("takes the new kinds' secrets only as env:NAME, and the personnummer policy only from the tenant", () => {
    const secret = "a secret must be an env:NAME reference (the environment variable holding it), never the secret itself";
    assert.deepEqual(problemsOf(setupWith("      - id: e\n        kind: edlevo\n        settings:\n          files: [e.xml]\n          tls: { certFile: c.pem, keyFile: k.pem, passphrase: hemlig }\n")), [
      `setup.yaml:8: tenants[0].sources[0].settings.tls.passphrase: ${secret}`,
    ]);
    assert.deepEqual(problemsOf(setupWith("      - id: i\n        kind: ist-ims\n        settings:\n          sftp: { host: h, username: u, path: /x.xml, password: hemlig }\n")), [
      `setup.yaml:7: tenants[0].sources[0].settings.sftp.password: ${secret}`,
    ]);
    assert.deepEqual(problemsOf(setupWith(UNIKUM, "      - id: gc\n        kind: classroom\n        settings:\n          adminSubject: a@exempelby.se\n          keyJson: '{\"private_key\": \"x\"}'\n")), [
      `setup.yaml:12: tenants[0].exporters[0].settings.keyJson: ${secret}`,
    ]);
    assert.deepEqual(problemsOf(setupWith("      - id: s\n        kind: schoolsoft\n        settings: { url: https://sms.se/v2.0, clientId: x, clientSecret: s3cret }\n")), [
      `setup.yaml:6: tenants[0].sources[0].settings.clientSecret: ${secret}`,
    ]);
    assert.deepEqual(problemsOf(setupWith("      - id: u\n        kind: unikum\n        settings:\n          files: [u.txt]\n          personnummer: store\n")), [
      "setup.yaml:8: tenants[0].sources[0].settings.personnummer: the personnummer policy is the tenant's: set personnummer (omit or store) on the tenant",
    ]);
  });
});

describe("setup kind checks", () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const context = (env: NodeJS.ProcessEnv = {}): KindContext => ({
    tenantId: "kommun",
    env,
    logger: pino({ level: "silent" }),
    // The setup "lives" in test/fixtures, so its relative paths are the fixtures'.
    path: (path) => (path.startsWith("/") ? path : `${here}/../fixtures/${path}`),
  });
  const runChecks = async (checks: Array<{ what: string; run: () => Promise<string> }>) =>
    Promise.all(checks.map(async (c) => [c.what, await c.run().then((d) => `ok ${d}`, (e: Error) => `FAIL ${e.message}`)]));

  it("finds each file a file-based source reads, against the setup's folder, and loads its mapping", async () => {
    const unikum = sourceOf(setupWith("      - id: u\n        kind: unikum\n        settings: { files: [unikum/objects.txt, unikum/missing.txt] }\n"));
    const lines = await runChecks(sourceKind("unikum").checks(unikum, context()));
    assert.deepEqual(lines.map(([what, detail]) => [what, detail!.replace(/ \/.*\/fixtures\//, " fixtures/")]), [
      ["file", "ok fixtures/unikum/objects.txt is readable (812 bytes)"],
      ["file", "FAIL fixtures/unikum/missing.txt: no such file"],
    ]);
    const skolplatsen = sourceOf(setupWith("      - id: s\n        kind: skolplatsen\n        settings: { file: mapped-file/skolplatsen.csv }\n"));
    const mapped = await runChecks(sourceKind("skolplatsen").checks(skolplatsen, context()));
    assert.deepEqual(mapped.map(([what, detail]) => [what, detail!.replace(/ \/.*\/fixtures\//, " fixtures/")]), [
      ["file", "ok fixtures/mapped-file/skolplatsen.csv is readable (669 bytes)"],
      ["mapping", 'ok "skolplatsen" from preset skolplatsen (csv, 1 record set(s)), to be confirmed with a customer file'],
    ]);
    const own = sourceOf(setupWith("      - id: m\n        kind: mapped-file\n        settings: { file: mapped-file/skolplatsen.csv, mapping: mapped-file/no-mapping.yaml }\n"));
    const [, mapping] = await runChecks(sourceKind("mapped-file").checks(own, context()));
    assert.match(mapping![1]!, /^FAIL \/.*\/fixtures\/mapped-file\/no-mapping\.yaml: no such mapping file, and no preset of that name \(presets: adela, skolplatsen\)$/);
  });

  describe("Classroom", () => {
    let fake: FakeGoogle;
    before(async () => {
      fake = await startFakeGoogle();
    });
    after(() => fake.close());

    it("gets a token acting as the admin, or says why not", async () => {
      const entry = exporterOf(setupWith(UNIKUM, `      - id: gc\n        kind: classroom\n        settings: { adminSubject: ${fake.adminSubject}, keyJson: env:GC_KEY, rootUrl: ${fake.url}, tokenUrl: ${fake.tokenUrl} }\n`));
      const checks = exporterKind("classroom").checks(entry, context({ GC_KEY: JSON.stringify(fake.serviceAccountKey) }));
      assert.deepEqual(await runChecks(checks), [["token", `ok token for ${fake.serviceAccountKey.client_email} acting as ${fake.adminSubject}`]]);
      assert.deepEqual(fake.grants, [fake.adminSubject]);
      assert.deepEqual(await runChecks(exporterKind("classroom").checks(entry, context())), [["token", "FAIL settings.keyJson: the environment variable GC_KEY is not set"]]);
    });
  });
});
