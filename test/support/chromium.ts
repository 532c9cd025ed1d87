// Headless Chromium from Debian's package (`apt-get install -y chromium`; .ci/run installs it), driven by
// playwright-core, for tests that open a page the project writes.
import { accessSync, constants } from 'node:fs';
import type { ServiceCheck } from './services.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the Chromium binary is there to launch (tests that need it register with describeWithServices). */
export function checkChromium(path = CHROMIUM_PATH): ServiceCheck {
  const name = `Chromium at ${path} (CHROMIUM_PATH)`;
  try {
    accessSync(path, constants.X_OK);
    return { name, available: true };
  } catch {
    return { name, available: false, reason: 'not installed: apt-get install -y chromium' };
  }
}
