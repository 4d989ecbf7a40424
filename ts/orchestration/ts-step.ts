import { sha } from "./change-detection.ts";
import type { Phase } from "./envelope.ts";
import type { ProcessorResult, Step, StepContext } from "./step.ts";
import { completeTopic, triggerTopic } from "./topics.ts";

/**
 * A step written in TypeScript (the predictions coordinator): its processors, a version string that changes with
 * its code or parameters, and the run function. It gets the window, the scope (null = full) and the correlation id.
 */
export function tsStep(spec: {
  name: string;
  phase: Phase;
  processors: string[];
  version: string;
  run(ctx: StepContext): Promise<ProcessorResult[]>;
}): Step {
  return {
    name: spec.name,
    phase: spec.phase,
    triggerTopic: triggerTopic(spec.name),
    completeTopic: completeTopic(spec.name),
    processors: spec.processors,
    definitionHash: sha(`${spec.name}|${spec.version}`),
    run: spec.run,
  };
}
