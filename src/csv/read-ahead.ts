/**
 * The items of `source`, the next one already asked for while the caller works on this one: with chunks of rows from
 * a cursor, the database computes and sends the next chunk while this one is formatted, instead of each side waiting
 * for the other.
 */
export async function* oneAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const items = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    let next = items.next();
    for (;;) {
      const current = await next;
      if (current.done) break;
      next = items.next();
      // A failure of the read ahead is seen by the next await; until then it must not count as unhandled.
      next.catch(() => undefined);
      yield current.value;
    }
    finished = true;
  } finally {
    // The caller stopped early: close the source (its cursor) once the read ahead has settled.
    if (!finished) await items.return?.();
  }
}
