// The BYO Engine API as a Next.js App Router route handler: every method of /byo and below goes to byoFetch.
// `[[...path]]` (optional catch-all) so that /byo itself gets the engine's JSON 404 too, not Next's HTML one.
import { createByoEngine } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { demoApiToken, demoLanguages, demoTranslate } from '../../../../shared/demo-translator';

const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: demoApiToken() } },
});
const byo = byoFetch(engine, { prefix: '/byo' });
// The request only: Next passes its route context ({ params }) second, where byoFetch takes the connection.
const handler = (request: Request) => byo(request);

// Answered per request, never prerendered; Node runtime (the default).
export const dynamic = 'force-dynamic';
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD, handler as OPTIONS };
