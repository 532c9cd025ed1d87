import { MemoryJobStore } from 'byo-engine';
import { describeJobStoreContract } from 'byo-engine/testing';

// A clock the kit moves: TTL checks are exact and take no real time.
let now = Date.now();

describeJobStoreContract('MemoryJobStore', () => new MemoryJobStore({ now: () => now }), {
  advanceTime: (ms) => {
    now += ms;
  },
});

// The real-time variant of the TTL checks, as a store without an injectable clock gets them.
describeJobStoreContract('MemoryJobStore (real clock)', () => new MemoryJobStore());
