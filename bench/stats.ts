/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which `fraction` of the samples fall (nearest rank). Sorts `samples` in place. */
export function percentile(samples: Float64Array, fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort();
  const rank = Math.min(samples.length - 1, Math.max(0, Math.ceil(fraction * samples.length) - 1));
  return samples[rank];
}
