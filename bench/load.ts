import autocannon from 'autocannon';
import { percentile } from './stats.js';

export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Latency of 2xx responses, milliseconds (exact, not autocannon's whole-millisecond histogram). */
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, plus socket errors and timeouts: any of these makes the figure suspect. */
  failures: number;
  /** Server CPU time (user + system) per 2xx answer, µs, when the server reports its CPU time. */
  serverCpuMicros?: number;
}

export interface LoadSettings {
  seconds: number;
  connections: number;
  /** The server's CPU time so far, µs. */
  serverCpu?: () => Promise<number>;
}

/** Runs autocannon against one target for `seconds` and answers its throughput, latency and server CPU cost. */
export async function measure(target: LoadTarget, settings: LoadSettings): Promise<LoadResult> {
  const cpuBefore = await settings.serverCpu?.();
  const { answered, ...result } = await runAutocannon(target, settings);
  if (cpuBefore === undefined) return result;
  return { ...result, serverCpuMicros: ((await settings.serverCpu!()) - cpuBefore) / answered };
}

function runAutocannon(target: LoadTarget, settings: LoadSettings): Promise<LoadResult & { answered: number }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      // autocannon stops at its next sample tick (every second by default): sampling every 100 ms makes a
      // round last `seconds`, not `seconds` rounded up to the next whole second.
      { ...target, connections: settings.connections, pipelining: 1, duration: settings.seconds, sampleInt: 100 },
      (error, result) => {
        if (error) return reject(error);
        const samples = Float64Array.from(latencies);
        resolve({
          rps: result['2xx'] / result.duration,
          p50Ms: percentile(samples, 0.5),
          p99Ms: percentile(samples, 0.99),
          failures: result.non2xx + result.errors + result.timeouts,
          answered: result['2xx'],
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}
