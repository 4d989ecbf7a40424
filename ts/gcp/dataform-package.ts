import fs from "node:fs";
import path from "node:path";

/** What a Dataform compilation reads: the settings, the SQLX/JS sources and the shared assertion generators. */
export const DATAFORM_SOURCES = ["dataform.json", "definitions", "includes", "assertions"];

/**
 * Writes the Dataform-only tree a release is compiled from: the sources above and a package.json whose one
 * dependency is the @dataform/core this repo pins. Google Cloud Dataform installs the root package.json's
 * dependencies before compiling; from this tree that is core alone, never the glue's runtime or dev dependencies.
 * Returns the files written, relative to outDir.
 */
export function writeDataformPackage(projectDir: string, outDir: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
  };
  const core = pkg.dependencies?.["@dataform/core"];
  if (!core) throw new Error(`${projectDir}/package.json has no @dataform/core dependency`);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).some((f) => f !== ".git")) {
    throw new Error(`${outDir} is not empty: give a new or empty directory (a .git directory may be there)`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const source of DATAFORM_SOURCES) {
    const from = path.join(projectDir, source);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(outDir, source), { recursive: true });
  }
  const manifest = {
    name: `${pkg.name}-dataform`,
    version: pkg.version,
    private: true,
    dependencies: { "@dataform/core": core },
  };
  fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(outDir, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.name === ".git") continue;
      if (e.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk("");
  return files.sort();
}
