import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { loadSetup, type LoadedSetup } from "../../src/setup/load.ts";
import type { FakeSs12000 } from "../fakes/ss12000/server.ts";

export const silentLogger = pino({ level: "silent" });

/** A setup YAML of one tenant: an SS 12000 source on the fake, then a OneRoster CSV zip and an SDS folder as exports. */
export function pipelineSetupYaml(fake: FakeSs12000, options: { tenant?: string; schedule?: string; guard?: string; url?: string } = {}): string {
  return `schedule: "${options.schedule ?? "0 2 * * *"}"
tenants:
  - id: ${options.tenant ?? "kommun"}
${options.guard ?? ""}    sources:
      - id: sis
        kind: ss12000
        settings:
          url: ${options.url ?? fake.url}
          tokenUrl: ${fake.tokenUrl}
          clientId: ${fake.clientId}
          clientSecret: env:SS_SECRET
          maxAttempts: 1
    exporters:
      - id: csv
        kind: oneroster-csv
        out: out/oneroster.zip
      - id: sds
        kind: sds
        out: out/sds
`;
}

/** A folder holding setup.yaml (and out/ for the exports), removed by `cleanup`. */
export async function setupFolder(yaml: string): Promise<{ folder: string; file: string; loaded: LoadedSetup; cleanup: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "oneroster-setup-"));
  await writeFile(join(folder, "setup.yaml"), yaml);
  await mkdir(join(folder, "out"));
  const file = join(folder, "setup.yaml");
  return { folder, file, loaded: await loadSetup(file), cleanup: () => rm(folder, { recursive: true, force: true }) };
}
