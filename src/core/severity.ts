/** Severities, most severe first; config and findings share them. */
export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };
