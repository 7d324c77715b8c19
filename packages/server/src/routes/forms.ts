import type { FastifyInstance } from 'fastify';

/**
 * HTML form posts (the sandbox's and the portal's), parsed in the plugin scope that calls this
 * only: registered at the root, the parser would let the JSON API take form bodies too.
 */
export function acceptForms(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
