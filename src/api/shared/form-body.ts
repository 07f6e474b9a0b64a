import { parse } from 'node:querystring';
import type { FastifyInstance } from 'fastify';

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Registers an `application/x-www-form-urlencoded` body parser (node:querystring; repeated
 * keys become arrays) in the given, encapsulated instance, replacing an inherited one. Call it
 * inside a plugin that is not wrapped with fastify-plugin so other routes are not affected.
 * Read the values with `readParam`/`readParams`.
 */
export function registerFormBodyParser(app: FastifyInstance): void {
  if (app.hasContentTypeParser(FORM_TYPE)) app.removeContentTypeParser(FORM_TYPE);
  app.addContentTypeParser(FORM_TYPE, { parseAs: 'string' }, (_request, body, done) => {
    done(null, parse(typeof body === 'string' ? body : body.toString('utf8')));
  });
}
