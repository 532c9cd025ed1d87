/** One store at one size, as the store child reports it. */
export interface StoreResult {
  store: string;
  jobs: number;
  createMicros: number;
  completeMicros: number;
  getMicros: number;
  /** Growth of `memoryMeasure` per stored (done) job. */
  bytesPerJob: number;
  memoryMeasure: string;
  /** Node heap growth per job, for the memory store (steadier than RSS). */
  heapBytesPerJob?: number;
}
