// The runtime app as a Next.js App Router route handler: every method of /byo and below goes to byoFetch.
// `[[...path]]` (optional catch-all) so that /byo itself gets the engine's JSON 404 too. The app is
// imported as the bundle the test makes first: Next's bundlers resolve no `.js` import to a `.ts` source.
import { runtimeFetchHandler } from '../../../.byo/runtime-app.mjs';

const handler = runtimeFetchHandler();

export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD, handler as OPTIONS };
