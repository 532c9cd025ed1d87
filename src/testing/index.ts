// byo-engine/testing: test kits for code you write against byo-engine (needs vitest).
export { describeJobStoreContract, type JobStoreContractOptions } from './job-store-contract.js';
