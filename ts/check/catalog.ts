import type { CompiledDeclaration, Target } from "../engine/graph.ts";
import { targetKey } from "../engine/graph.ts";
import type { AnalyzerClient, SimpleCatalogProto, SimpleColumnProto, SimpleConstantProto } from "./analyzer-client.ts";
import { BIGQUERY_EXTRA_FUNCTIONS } from "./bigquery-functions.ts";
import { parseBigQueryType, type TypeProto } from "./bigquery-types.ts";
import { bigQueryLanguageOptions } from "./language-options.ts";

/**
 * The analyzer's view of the warehouse, built from the graph: declared tables from their typed columns, every
 * other table from the output schema inferred for the action that builds it. Tables are registered under the
 * full dotted name Dataform emits (`nba-props-prod.nba_raw.box`, which compiled SQL quotes as one backticked
 * path). The catalog is registered with the server lazily (registration ~15 ms, then ~2 ms a statement) and
 * re-registered only after it changed.
 */

export interface Column {
  name: string;
  type: TypeProto;
}

export const TYPE_TAG = /^type:(.+)$/i;

export class DeclarationSchemaError extends Error {
  override name = "DeclarationSchemaError";
}

/** Columns of a declaration from its `columns: { c: { tags: ["type:INT64"] } }` config. */
export function declarationColumns(declaration: CompiledDeclaration): Column[] {
  const descriptors = declaration.actionDescriptor?.columns ?? [];
  const hint = `declare column types with tags: ['type:...'], e.g. columns: { player_id: { description: "…", tags: ["type:STRING"] } }`;
  if (descriptors.length === 0) {
    throw new DeclarationSchemaError(`declaration ${targetKey(declaration.target)} has no typed columns: ${hint}`);
  }
  const columns: Column[] = [];
  for (const d of descriptors) {
    const name = d.path.join(".");
    if (d.path.length !== 1) {
      throw new DeclarationSchemaError(
        `column ${name}: nested column paths are not supported; declare the parent as STRUCT<…> with a type tag`,
      );
    }
    const types = (d.tags ?? []).map((t) => TYPE_TAG.exec(t)?.[1]?.trim()).filter((t): t is string => !!t);
    if (types.length !== 1) {
      throw new DeclarationSchemaError(
        `column ${name} has ${types.length === 0 ? "no" : types.length} type tags (needs exactly one): ${hint}`,
      );
    }
    try {
      columns.push({ name, type: parseBigQueryType(types[0]!) });
    } catch (e) {
      throw new DeclarationSchemaError(`column ${name}: ${(e as Error).message}`);
    }
  }
  return columns;
}

/** Extra names visible to one action only: script variables and temp tables. */
export interface LocalScope {
  constants: Map<string, TypeProto>;
  tables: Map<string, Column[]>;
}

export function emptyScope(): LocalScope {
  return { constants: new Map(), tables: new Map() };
}

export class Catalog {
  private readonly tables = new Map<string, { name: string; columns: Column[] }>();
  private registeredId: number | undefined;
  private dirty = true;
  registrations = 0;

  set(name: string | Target, columns: Column[]): void {
    const key = typeof name === "string" ? name : targetKey(name);
    this.tables.set(key.toLowerCase(), { name: key, columns });
    this.dirty = true;
  }

  get(name: string | Target): Column[] | undefined {
    const key = typeof name === "string" ? name : targetKey(name);
    return this.tables.get(key.toLowerCase())?.columns;
  }

  has(name: string | Target): boolean {
    return this.get(name) !== undefined;
  }

  names(): string[] {
    return [...this.tables.values()].map((t) => t.name);
  }

  toProto(scope?: LocalScope): SimpleCatalogProto {
    const table = [...this.tables.values()].map((t) => ({ name: t.name, column: t.columns.map(toColumnProto) }));
    const constant: SimpleConstantProto[] = [];
    if (scope) {
      for (const [name, columns] of scope.tables) {
        const existing = table.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());
        if (existing !== -1) table.splice(existing, 1);
        table.push({ name, column: columns.map(toColumnProto) });
      }
      for (const [name, type] of scope.constants) constant.push({ namePath: [name], type, value: {} });
    }
    return {
      name: "bigquery",
      table,
      constant,
      customFunction: BIGQUERY_EXTRA_FUNCTIONS,
      builtinFunctionOptions: { languageOptions: bigQueryLanguageOptions() },
    };
  }

  /** How to reach this catalog (plus a local scope) in an analyze request. */
  async handle(
    client: AnalyzerClient,
    scope?: LocalScope,
  ): Promise<{ registeredId: number } | { inline: SimpleCatalogProto }> {
    if (scope && (scope.constants.size > 0 || scope.tables.size > 0)) return { inline: this.toProto(scope) };
    if (this.dirty || this.registeredId === undefined) {
      const previous = this.registeredId;
      this.registeredId = await client.registerCatalog(this.toProto());
      this.registrations++;
      this.dirty = false;
      if (previous !== undefined) await client.unregisterCatalog(previous);
    }
    return { registeredId: this.registeredId };
  }
}

function toColumnProto(c: Column): SimpleColumnProto {
  return { name: c.name, type: c.type };
}
