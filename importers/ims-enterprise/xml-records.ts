import { SaxesParser, type SaxesTagNS } from "saxes";
import { decodeChunks, type EncodingSetting } from "./decode.ts";
import type { ImsElement } from "./element.ts";
import { ImsFileError } from "./errors.ts";

export interface XmlRecordOptions {
  /** The name errors give the file (its path or URL). */
  file: string;
  encoding: EncodingSetting;
  /** Accepted root elements (local names), e.g. ["enterprise"]. */
  roots: readonly string[];
  /** Called with the root's local name and namespace URI ("" for none) before the first record. */
  onRoot?: (name: string, namespace: string) => void;
}

/**
 * Streams the records of an IMS-style XML file: each child of the root element (person, group, membership,
 * properties …) is yielded as a small tree once its end tag is read, so a file of any size is read in bounded memory.
 * Broken XML, undecodable bytes and a wrong root stop the read with an ImsFileError naming file, line and XPath.
 */
export async function* readXmlRecords(bytes: AsyncIterable<Buffer | string>, options: XmlRecordOptions): AsyncGenerator<ImsElement> {
  const { file } = options;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: ImsElement[] = [];
  const counts = new Map<string, number>();
  const ready: ImsElement[] = [];
  let root: string | undefined;
  let rootClosed = false;

  const fail = (why: string, line = parser.line): never => {
    throw new ImsFileError(file, line, stack.at(-1)?.path ?? (root ? `/${root}` : undefined), why);
  };

  parser.on("opentag", (tag: SaxesTagNS) => {
    if (root === undefined) {
      if (!options.roots.includes(tag.local)) fail(`the root element is <${tag.name}>, not ${options.roots.map((r) => `<${r}>`).join(" or ")}: not an IMS Enterprise file of this kind`);
      root = tag.local;
      options.onRoot?.(tag.local, tag.uri);
      return;
    }
    const parent = stack.at(-1);
    let path: string;
    if (!parent) {
      const n = (counts.get(tag.local) ?? 0) + 1;
      counts.set(tag.local, n);
      path = `/${root}/${tag.local}[${n}]`;
    } else {
      const same = parent.children.filter((c) => c.name === tag.local).length;
      path = `${parent.path}/${tag.local}${same > 0 ? `[${same + 1}]` : ""}`;
    }
    const attrs: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) attrs[attribute.local] = attribute.value.trim();
    const element: ImsElement = { name: tag.local, attrs, children: [], text: "", line: parser.line, path };
    parent?.children.push(element);
    stack.push(element);
  });
  const addText = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    const element = stack.pop();
    if (!element) {
      rootClosed = true;
      return;
    }
    element.text = element.text.trim();
    if (stack.length === 0) ready.push(element);
  });

  const write = (action: () => void) => {
    try {
      action();
    } catch (error) {
      if (error instanceof ImsFileError) throw error;
      fail(String((error as Error).message).replace(/^\d+:\d+: /, ""));
    }
  };

  for await (const { text, encoding } of decodeChunks(bytes, file, options.encoding)) {
    const bad = text.indexOf("\uFFFD");
    if (bad >= 0 && /^utf-?(8|16)/.test(encoding)) {
      const line = parser.line + (text.slice(0, bad).match(/\n/g)?.length ?? 0);
      fail(`bytes that are not valid ${encoding.toUpperCase()}: the file is in another encoding than it declares (set the encoding in the settings)`, line);
    }
    write(() => parser.write(text));
    yield* ready.splice(0);
  }
  try {
    parser.close();
  } catch (error) {
    const message = String((error as Error).message).replace(/^\d+:\d+: /, "");
    if (root === undefined) fail("no root element: the file is empty or not XML", 1);
    if (message.startsWith("unclosed tag")) fail(`the file ends before </${root}>: it is truncated (${message})`);
    fail(message);
  }
  yield* ready.splice(0);
  if (root === undefined) fail("no root element: the file is empty or not XML", 1);
  if (!rootClosed) fail(`the file ends before </${root}>: it is truncated`);
}
