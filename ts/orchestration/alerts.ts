import type { Logger } from "../config/logger.ts";

/**
 * Alerts through a port (a log sink by default), rate-limited per category as the reference's AlertManager:
 * at most maxPerWindow alerts of one category per window; the rest are counted and flushed as one `info` summary
 * per category. In backfill mode everything but `critical` is dropped. State is per process.
 */
export type Severity = "critical" | "warning" | "info";

export interface Alert {
  severity: Severity;
  category: string;
  title: string;
  message: string;
  context: Record<string, unknown>;
  timestamp: string;
}

export interface AlertSink {
  send(alert: Alert): Promise<void>;
}

export class LogAlertSink implements AlertSink {
  constructor(private readonly logger: Logger) {}

  async send(a: Alert): Promise<void> {
    const level = a.severity === "critical" ? "error" : a.severity === "warning" ? "warn" : "info";
    this.logger[level]({ alert: a.category, severity: a.severity, context: a.context }, `${a.title}: ${a.message}`);
  }
}

export interface AlertLimits {
  windowMinutes: number;
  maxPerWindow: number;
  backfillMode: boolean;
}

export class AlertManager {
  private readonly sent = new Map<string, number[]>();
  private readonly batched = new Map<string, { count: number; contexts: Record<string, unknown>[] }>();

  constructor(
    private readonly sink: AlertSink,
    private readonly limits: AlertLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the alert went to the sink; false when suppressed (backfill) or batched (rate limit). */
  async send(
    severity: Severity,
    category: string,
    title: string,
    message: string,
    context: Record<string, unknown> = {},
  ): Promise<boolean> {
    if (this.limits.backfillMode && severity !== "critical") return false;
    const windowMs = this.limits.windowMinutes * 60_000;
    const t = this.now();
    const recent = (this.sent.get(category) ?? []).filter((x) => x > t - windowMs);
    if (recent.length >= this.limits.maxPerWindow) {
      const b = this.batched.get(category) ?? { count: 0, contexts: [] };
      b.count += 1;
      b.contexts.push(context);
      this.batched.set(category, b);
      this.sent.set(category, recent);
      return false;
    }
    this.sent.set(category, [...recent, t]);
    await this.sink.send({ severity, category, title, message, context, timestamp: new Date(t).toISOString() });
    return true;
  }

  /** One `info` alert per category with suppressed alerts, naming how many and the first three contexts. */
  async flush(): Promise<void> {
    for (const [category, b] of this.batched) {
      await this.sink.send({
        severity: "info",
        category,
        title: `Batched alerts: ${category}`,
        message: `suppressed ${b.count} similar alert(s) (rate limit ${this.limits.maxPerWindow} per ${this.limits.windowMinutes} min)`,
        context: { first: b.contexts.slice(0, 3) },
        timestamp: new Date(this.now()).toISOString(),
      });
    }
    this.batched.clear();
  }
}
