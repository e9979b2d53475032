/**
 * The OneRoster 1.1 `filter` query parameter: `field op 'value'`, joined by ` AND ` / ` OR `.
 * Operators: = != > >= < <= ~ (contains). Values are always single-quoted; a quote inside a value is written twice.
 * AND binds tighter than OR. Fields may be dotted (`school.sourcedId`); which fields exist is the compiler's business.
 */

export type FilterOperator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~";

export type FilterNode =
  | { kind: "comparison"; field: string; operator: FilterOperator; value: string }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode };

/** A filter that cannot be read; `position` is the 0-based character where reading failed. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`filter: ${reason} at character ${position + 1}`);
    this.name = "FilterSyntaxError";
  }
}

const OPERATORS: FilterOperator[] = [">=", "<=", "!=", "=", ">", "<", "~"];
const FIELD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const CONNECTIVE = /[ \t]+(AND|OR)[ \t]+/y;

class Reader {
  position = 0;
  constructor(readonly text: string) {}

  skipSpaces(): void {
    while (this.text[this.position] === " " || this.text[this.position] === "\t") this.position++;
  }

  field(): string {
    this.skipSpaces();
    FIELD.lastIndex = this.position;
    const match = FIELD.exec(this.text);
    if (!match) throw new FilterSyntaxError("expected a field name", this.position);
    this.position = FIELD.lastIndex;
    return match[0];
  }

  operator(): FilterOperator {
    this.skipSpaces();
    const operator = OPERATORS.find((op) => this.text.startsWith(op, this.position));
    if (!operator) throw new FilterSyntaxError("expected one of = != > >= < <= ~", this.position);
    this.position += operator.length;
    return operator;
  }

  value(): string {
    this.skipSpaces();
    if (this.text[this.position] !== "'") throw new FilterSyntaxError("expected a value in single quotes", this.position);
    const start = this.position;
    let value = "";
    for (let i = this.position + 1; i < this.text.length; i++) {
      if (this.text[i] !== "'") {
        value += this.text[i];
      } else if (this.text[i + 1] === "'") {
        value += "'";
        i++;
      } else {
        this.position = i + 1;
        return value;
      }
    }
    throw new FilterSyntaxError("value has no closing quote", start);
  }

  connective(): "AND" | "OR" | null {
    CONNECTIVE.lastIndex = this.position;
    const match = CONNECTIVE.exec(this.text);
    if (!match) return null;
    this.position = CONNECTIVE.lastIndex;
    return match[1] as "AND" | "OR";
  }
}

function comparison(reader: Reader): FilterNode {
  const field = reader.field();
  const operator = reader.operator();
  const value = reader.value();
  return { kind: "comparison", field, operator, value };
}

export function parseFilter(text: string): FilterNode {
  const reader = new Reader(text);
  // Read "a AND b OR c AND d" as (a AND b) OR (c AND d).
  let disjunction: FilterNode | null = null;
  let conjunction = comparison(reader);
  for (;;) {
    const connective = reader.connective();
    if (connective === null) break;
    const next = comparison(reader);
    if (connective === "AND") {
      conjunction = { kind: "and", left: conjunction, right: next };
    } else {
      disjunction = disjunction ? { kind: "or", left: disjunction, right: conjunction } : conjunction;
      conjunction = next;
    }
  }
  const tree: FilterNode = disjunction ? { kind: "or", left: disjunction, right: conjunction } : conjunction;
  reader.skipSpaces();
  if (reader.position !== text.length) {
    throw new FilterSyntaxError("expected ' AND ' or ' OR ' between comparisons", reader.position);
  }
  return tree;
}

/** Writes a filter back in the grammar parseFilter reads (used by tests and for Link headers). */
export function formatFilter(node: FilterNode): string {
  if (node.kind === "comparison") return `${node.field}${node.operator}'${node.value.replaceAll("'", "''")}'`;
  return `${formatFilter(node.left)} ${node.kind.toUpperCase()} ${formatFilter(node.right)}`;
}
