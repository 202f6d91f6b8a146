/**
 * Whether two scores may be compared ("better / worse than before", deltas, week-on-week
 * change): both from the same scoring formula (docs/SCORING.md "History") and neither from a
 * partial scan (an input could not be read). Client-safe.
 */
export interface ComparableScore {
  scoringVersion: number;
  partial: boolean;
}

export function comparable(a: ComparableScore, b: ComparableScore): boolean {
  return a.scoringVersion === b.scoringVersion && !a.partial && !b.partial;
}
