/**
 * One record of an IMS file (a `<person>`, `<group>`, `<membership>` or `<properties>` and everything inside it) as a
 * small tree: the streaming reader builds one at a time, so memory never holds more than a record.
 * Names are local names (namespaces dropped), texts trimmed.
 */
export interface ImsElement {
  name: string;
  attrs: Record<string, string>;
  children: ImsElement[];
  text: string;
  line: number;
  /** XPath of this element, e.g. /enterprise/person[3]/sourcedid. */
  path: string;
}

export function child(element: ImsElement, name: string): ImsElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: ImsElement, name: string): ImsElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text at a child path (e.g. "n", "given"), undefined when absent or empty. */
export function textAt(element: ImsElement, ...names: string[]): string | undefined {
  let current: ImsElement | undefined = element;
  for (const name of names) {
    current = current && child(current, name);
    if (!current) return undefined;
  }
  return current.text === "" ? undefined : current.text;
}

/** Every element with this local name anywhere below `element`. */
export function descendants(element: ImsElement, name: string): ImsElement[] {
  const found: ImsElement[] = [];
  const walk = (e: ImsElement) => {
    for (const c of e.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(element);
  return found;
}
