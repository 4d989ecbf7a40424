import os from "node:os";
import { FieldValue, type Firestore, Timestamp } from "@google-cloud/firestore";
import {
  type Claim,
  type Completion,
  type CompletionStore,
  type Decision,
  holderIsDead,
  missingProcessors,
  type RunClaimant,
  type TransitionKey,
  type TransitionState,
} from "./completion-store.ts";

/**
 * The gcp CompletionStore: one Firestore document per (transition, window, correlation id) in the collection
 * `<prefix>transition_completions`, updated in a Firestore transaction (read the document, add the processor's
 * entry unless present, decide): Firestore retries a transaction whose document changed underneath it, so exactly
 * one transaction sees the expected list complete. Run claims are documents of `<prefix>run_claims`.
 */
interface CompletionDoc {
  transition: string;
  window_key: string;
  correlation_id: string;
  expected: string[];
  entries: Record<string, Completion>;
  first_completion_at: Timestamp;
  triggered: boolean;
  triggered_at?: Timestamp;
  trigger_published_at?: Timestamp;
}

const docId = (k: TransitionKey) => `${k.transition}__${k.windowKey}__${k.correlationId}`;

export class FirestoreCompletionStore implements CompletionStore {
  private readonly completions: string;
  private readonly claims: string;

  constructor(
    private readonly db: Firestore,
    prefix = "",
  ) {
    this.completions = `${prefix}transition_completions`;
    this.claims = `${prefix}run_claims`;
  }

  recordCompletion(key: TransitionKey, expected: readonly string[], c: Completion): Promise<Decision> {
    const ref = this.db.collection(this.completions).doc(docId(key));
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const doc: CompletionDoc = snap.exists
        ? (snap.data() as CompletionDoc)
        : {
            transition: key.transition,
            window_key: key.windowKey,
            correlation_id: key.correlationId,
            expected: [...expected],
            entries: {},
            first_completion_at: Timestamp.fromDate(new Date(c.completedAt)),
            triggered: false,
          };
      const entries = { ...doc.entries };
      const isNew = !(c.processor in entries);
      if (isNew) entries[c.processor] = c;
      const completions = Object.values(entries).sort((a, b) => a.processor.localeCompare(b.processor));
      if (doc.triggered) {
        if (isNew) tx.update(ref, { [`entries.${c.processor}`]: c });
        return { kind: "triggered-before", published: doc.trigger_published_at !== undefined, completions };
      }
      const missing = missingProcessors(expected, Object.keys(entries));
      const triggered = missing.length === 0;
      const next = { ...doc, entries, triggered, ...(triggered ? { triggered_at: FieldValue.serverTimestamp() } : {}) };
      tx.set(ref, next);
      return triggered ? { kind: "trigger", completions } : { kind: "waiting", missing };
    });
  }

  async markTriggerPublished(key: TransitionKey): Promise<void> {
    await this.db
      .collection(this.completions)
      .doc(docId(key))
      .update({ trigger_published_at: FieldValue.serverTimestamp() });
  }

  async openTransitions(): Promise<TransitionState[]> {
    const snap = await this.db.collection(this.completions).where("triggered", "==", false).get();
    return snap.docs.map((d) => {
      const doc = d.data() as CompletionDoc;
      return {
        key: { transition: doc.transition, windowKey: doc.window_key, correlationId: doc.correlation_id },
        expected: doc.expected,
        completed: Object.keys(doc.entries).sort(),
        firstCompletionAt: doc.first_completion_at.toDate().toISOString(),
        triggeredAt: null,
      };
    });
  }

  claimRun(name: string, key: string, claimant: RunClaimant, staleMs: number): Promise<Claim> {
    const ref = this.db.collection(this.claims).doc(`${name}__${key}`);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const held = snap.data() as { run_id: string; host: string; pid: number; claimed_at: Timestamp } | undefined;
      if (held && held.run_id !== claimant.runId) {
        const age = Date.now() - held.claimed_at.toMillis();
        if (age < staleMs && !holderIsDead(held.host, held.pid, os.hostname())) {
          return {
            kind: "running-elsewhere",
            runId: held.run_id,
            since: held.claimed_at.toDate().toISOString(),
          } as Claim;
        }
      }
      tx.set(ref, { run_id: claimant.runId, host: claimant.host, pid: claimant.pid, claimed_at: Timestamp.now() });
      return { kind: "claimed" } as Claim;
    });
  }

  async finishRun(name: string, key: string, runId: string): Promise<void> {
    const ref = this.db.collection(this.claims).doc(`${name}__${key}`);
    await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if ((snap.data() as { run_id?: string } | undefined)?.run_id === runId) tx.delete(ref);
    });
  }
}
