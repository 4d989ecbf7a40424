import type { GraphSource } from "./graph-step.ts";
import { graphStep } from "./graph-step.ts";
import { type RawLoader, rawStep } from "./raw-step.ts";
import type { Step } from "./step.ts";

/**
 * The flow's steps, in order. A graph step whose tag no action carries yet is absent, so phase 4 (tag phase4) and
 * grading (tag grading) join the flow as soon as their SQLX lands. Predictions is the SQL of tag `predictions`
 * (its inputs, e.g. pregame_prop_lines) then a TypeScript step (predictions-step.ts, passed in by the command), then
 * grading; a flow without a predictions step (e.g. a test of phases 3-4) stops after phase 4.
 */
export function flowSteps(input: {
  rawLoader: RawLoader;
  graph: GraphSource;
  datasetPrefix: string;
  predictions?: Step;
}): Step[] {
  const { graph, datasetPrefix } = input;
  const steps: (Step | null | undefined)[] = [
    rawStep(input.rawLoader),
    graphStep({ name: "phase3", phase: "phase_3_analytics", tag: "phase3" }, graph, datasetPrefix),
    graphStep({ name: "phase4", phase: "phase_4_precompute", tag: "phase4" }, graph, datasetPrefix),
    // Prediction inputs and grading only around a predictions step: grading reads the predictions it writes.
    ...(input.predictions
      ? [
          graphStep(
            { name: "prediction_inputs", phase: "phase_5_predictions", tag: "predictions" },
            graph,
            datasetPrefix,
          ),
          input.predictions,
          graphStep({ name: "grading", phase: "phase_6_grading", tag: "grading" }, graph, datasetPrefix),
        ]
      : []),
  ];
  return steps.filter((s): s is Step => Boolean(s));
}
