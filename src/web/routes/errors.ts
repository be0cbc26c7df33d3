// Unknown pages and failures: browsers get an HTML page, /api/ gets `{ error, requestId }`,
// and a 500 never shows what failed inside (a database host, a Prisma message): the log has
// the details under the same request id.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorFields } from '../../errors.js';
import { isApiPath, sendPage, type WebContext, type WebServer } from '../context.js';

/** Answers 404 in the form the path calls for. */
export function notFound(ctx: WebContext, request: FastifyRequest, reply: FastifyReply) {
  if (isApiPath(request.url)) return reply.code(404).send({ error: 'Not found.', requestId: request.id });
  return sendPage(ctx, reply, 'error', { title: 'Page not found', heading: 'Page not found', message: 'There is no page at this address. It may have been mistyped, or the link may be old.', requestId: request.id }, 404);
}

// Client errors (a body too large, a bad content type) keep their status and Fastify's message,
// which describes the request, never the server.
function clientMessage(error: FastifyError): string {
  if (error.code?.startsWith('FST_CSRF_')) return 'This form has expired or was not sent from this site. Go back, reload the page and send it again.';
  return error.message.replace(/\s+/g, ' ').slice(0, 200);
}

export function registerErrorHandlers(app: WebServer, ctx: WebContext) {
  app.setNotFoundHandler((request, reply) => notFound(ctx, request, reply));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ ...errorFields(error), requestId: request.id }, 'request failed');
    const message = status === 500 ? 'Something went wrong on our side. It has been logged; please try again later.' : clientMessage(error);
    if (isApiPath(request.url)) return reply.code(status).send({ error: message, requestId: request.id });
    const heading = status === 500 ? 'Something went wrong' : 'This request could not be handled';
    return sendPage(ctx, reply, 'error', { title: heading, heading, message, requestId: request.id }, status);
  });
}
