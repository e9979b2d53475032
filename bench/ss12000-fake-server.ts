/**
 * The loopback SS 12000 fake as a process of its own, so a benchmark measures the importer and not the fake:
 *   npx tsx bench/ss12000-fake-server.ts --students 70000   → prints {"url": …, "token": …} once it listens
 */
import { parseArgs } from "node:util";
import { startFakeSs12000 } from "../test/fakes/ss12000/server.ts";

const { values } = parseArgs({ options: { students: { type: "string", default: "70000" }, seed: { type: "string", default: "42" } } });
const token = "bench-token";
const fake = await startFakeSs12000({ students: Number(values.students), seed: Number(values.seed), staticToken: token });
process.stdout.write(`${JSON.stringify({ url: fake.url, token })}\n`);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
