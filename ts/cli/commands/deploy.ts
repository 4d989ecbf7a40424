import type { Command } from "commander";

/**
 * `nba-props deploy dataform [--dry-run]`: applies deploy/dataform.json to the Dataform repository.
 * `nba-props deploy package --out <dir>`: writes the Dataform-only tree a release branch holds.
 */
export function registerDeployCommand(program: Command): void {
  const deploy = program.command("deploy").description("apply the repo's production configuration to Google Cloud");
  deploy
    .command("dataform")
    .description("create or update the Dataform release and workflow configs declared in deploy/dataform.json")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--dry-run", "print what would change and change nothing")
    .action(async (flags: { project: string; dryRun?: boolean }) => {
      const { createContext } = await import("../context.ts");
      const { dataformClient } = await import("../../gcp/dataform-client.ts");
      const { loadDeployConfig } = await import("../../gcp/deploy-config.ts");
      const { deployDataform, formatDeployPlan } = await import("../../gcp/deploy-dataform.ts");
      const ctx = createContext(flags.project);
      const config = loadDeployConfig(ctx.projectDir);
      const g = ctx.config.gcp;
      const client = dataformClient(g.dataformEndpoint);
      try {
        const changes = await deployDataform(
          client,
          { project: g.project, region: g.region, repository: g.repository, serviceAccount: g.serviceAccount },
          config,
          Boolean(flags.dryRun),
        );
        process.stdout.write(formatDeployPlan(changes, Boolean(flags.dryRun)));
      } finally {
        await client.close();
      }
    });
  deploy
    .command("package")
    .description(
      "write the Dataform-only tree (sources + a package.json with @dataform/core alone) a release branch holds",
    )
    .option("--project <dir>", "project directory", process.cwd())
    .requiredOption("--out <dir>", "a new or empty directory")
    .action(async (flags: { project: string; out: string }) => {
      const { createContext } = await import("../context.ts");
      const { writeDataformPackage } = await import("../../gcp/dataform-package.ts");
      const ctx = createContext(flags.project);
      const files = writeDataformPackage(ctx.projectDir, flags.out);
      process.stdout.write(`wrote ${files.length} files to ${flags.out}\n`);
    });
}
