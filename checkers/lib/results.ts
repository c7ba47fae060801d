/** What a check returns: passed, failed with a hint, or not started yet (pending). */
export interface CheckResult {
  passed: boolean;
  /** Nothing attempted yet: the task shows as pending (with its guidance), not as a red failure. */
  notStarted?: boolean;
  message: string;
  hint?: string;
  evidence?: unknown;
}

export function pass(message: string): CheckResult {
  return { passed: true, message };
}

export function fail(message: string, details: { hint?: string | undefined; evidence?: unknown } = {}): CheckResult {
  return { passed: false, message, ...(details.hint ? { hint: details.hint } : {}), ...(details.evidence ? { evidence: details.evidence } : {}) };
}

/** Not done, and no sign of an attempt yet: guidance without a red "failed". */
export function notYet(message: string, hint?: string): CheckResult {
  return { passed: false, notStarted: true, message, ...(hint ? { hint } : {}) };
}
