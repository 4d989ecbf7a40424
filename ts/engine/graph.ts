/**
 * The compiled Dataform graph as decoded from core's CompiledGraph protobuf (camelCase, enums as names,
 * defaults filled in). Only the fields this project reads are declared; core's own bundle.d.ts does not
 * export usable types.
 */
export interface Target {
  database: string;
  schema: string;
  name: string;
}

export interface ColumnDescriptor {
  path: string[];
  description: string;
  tags: string[];
}

export interface ActionDescriptor {
  description?: string;
  columns?: ColumnDescriptor[];
}

interface ActionBase {
  target: Target;
  canonicalTarget?: Target;
  fileName: string;
  tags: string[];
  dependencyTargets: Target[];
  disabled: boolean;
  actionDescriptor?: ActionDescriptor;
  jitCode?: string;
}

export interface BigQueryOptions {
  partitionBy?: string;
  clusterBy?: string[];
  updatePartitionFilter?: string;
  incrementalPredicates?: string[];
}

export interface CompiledTable extends ActionBase {
  enumType: "TABLE" | "INCREMENTAL" | "VIEW" | "UNKNOWN_TYPE";
  query: string;
  incrementalQuery: string;
  uniqueKey: string[];
  protected: boolean;
  materialized: boolean;
  preOps: string[];
  postOps: string[];
  incrementalPreOps: string[];
  incrementalPostOps: string[];
  onSchemaChange: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";
  incrementalStrategy?: string;
  bigquery?: BigQueryOptions;
}

export interface CompiledOperation extends ActionBase {
  queries: string[];
  hasOutput: boolean;
}

export interface CompiledAssertion extends ActionBase {
  query: string;
  parentAction?: Target;
}

export interface CompiledDeclaration {
  target: Target;
  fileName: string;
  tags: string[];
  actionDescriptor?: ActionDescriptor;
}

export interface CompiledTest {
  name: string;
  testQuery: string;
  expectedOutputQuery: string;
  fileName: string;
  disabled: boolean;
  tags: string[];
  target?: Target;
  dependencyTargets: Target[];
}

export interface CompilationError {
  fileName: string;
  actionName: string;
  message: string;
  stack: string;
}

export interface ProjectConfig {
  warehouse: string;
  defaultDatabase: string;
  defaultSchema: string;
  defaultLocation: string;
  assertionSchema: string;
  disableAssertions: boolean;
  vars: Record<string, string>;
  databaseSuffix: string;
  schemaSuffix: string;
  tablePrefix: string;
}

export interface CompiledGraph {
  projectConfig: ProjectConfig;
  tables: CompiledTable[];
  operations: CompiledOperation[];
  assertions: CompiledAssertion[];
  declarations: CompiledDeclaration[];
  tests: CompiledTest[];
  notebooks: ActionBase[];
  dataPreparations: ActionBase[];
  graphErrors?: { compilationErrors: CompilationError[] };
  dataformCoreVersion: string;
}

export function targetKey(t: Target): string {
  return [t.database, t.schema, t.name].filter(Boolean).join(".");
}
