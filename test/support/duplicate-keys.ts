/**
 * The keys that occur more than once in one object of a JSON text (at any depth). JSON.parse keeps the last value
 * silently, so a log record with a repeated key can only be caught by reading the text itself.
 */
export function duplicateKeys(json: string): string[] {
  const found: string[] = [];
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top) {
        const key = JSON.parse(json.slice(i, j + 1)) as string;
        if (top.has(key)) found.push(key);
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      expectKey = stack.at(-1) !== null && stack.length > 0;
    }
  }
  return found;
}
