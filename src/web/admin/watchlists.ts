// The watchlists as the operator edits them: every watchlist with its places, actors and
// aliases; an alias added (after a preview of the recent items it would match) or removed; a
// place or actor added. Each change is checked as the config loader checks the file, written to
// the YAML file (the files stay the source of truth), checked again as a whole config, and
// reloaded. An edit with problems shows them all and writes nothing.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ACTOR_TYPES, PLACE_KINDS, planWatchlistEdit, writeConfigText, type VigilConfig, type WatchlistEdit } from '../../config/index.js';
import { messageOf } from '../../errors.js';
import type { AdminContext } from './context.js';
import { previewAlias } from './preview.js';

type Form = Partial<Record<'action' | 'entity' | 'name' | 'alias' | 'kind' | 'type' | 'aliases' | 'within' | 'ambiguous', string>>;
type SlugRoute = { Params: { slug: string }; Body: Form };

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The edit a form asks for, or the problems of the form itself. */
export function editFromForm(form: Form): { edit: WatchlistEdit | null; problems: string[] } {
  const name = (form.name ?? '').trim();
  const problems = name ? [] : ['name: must not be empty'];
  switch (form.action) {
    case 'add-alias':
    case 'remove-alias': {
      const entity = form.entity === 'actor' ? 'actor' : form.entity === 'place' ? 'place' : null;
      if (!entity) problems.push('entity: must be place or actor');
      if (!(form.alias ?? '').trim()) problems.push('alias: must not be empty');
      return { edit: problems.length || !entity ? null : { action: form.action, entity, name, alias: (form.alias ?? '').trim() }, problems };
    }
    case 'remove-entry': {
      const entity = form.entity === 'actor' ? 'actor' : form.entity === 'place' ? 'place' : null;
      if (!entity) problems.push('entity: must be place or actor');
      return { edit: problems.length || !entity ? null : { action: 'remove-entry', entity, name }, problems };
    }
    case 'add-place':
      return { edit: problems.length ? null : { action: 'add-place', place: { name, kind: form.kind ?? '', aliases: list(form.aliases), within: list(form.within), ambiguous: form.ambiguous === 'on' } }, problems };
    case 'add-actor':
      return { edit: problems.length ? null : { action: 'add-actor', actor: { name, type: form.type || 'armed-group', aliases: list(form.aliases), ambiguous: form.ambiguous === 'on' } }, problems };
    default:
      return { edit: null, problems: ['action: not an edit this page knows'] };
  }
}

function watchlistsView(config: VigilConfig) {
  return config.watchlists.map((w) => ({
    slug: w.slug,
    name: w.name,
    file: w.file,
    places: w.places.map((p) => ({ name: p.name, kind: p.kind, within: p.within.join(', '), ambiguous: p.ambiguous, aliases: p.aliases })),
    actors: w.actors.map((a) => ({ name: a.name, type: a.type, ambiguous: a.ambiguous, aliases: a.aliases })),
  }));
}

export function registerWatchlistRoutes(app: FastifyInstance, ctx: AdminContext) {
  const page = (reply: FastifyReply, data: object, status = 200) =>
    ctx.html(reply, 'watchlists', { title: 'Watchlists', watchlists: watchlistsView(ctx.loadConfig()), kinds: PLACE_KINDS, types: ACTOR_TYPES, ...data }, status);
  const problemsPage = (reply: FastifyReply, slug: string, problems: string[]) => ctx.html(reply, 'edit-problems', { title: 'Not saved', slug, problems }, 400);

  app.get<{ Querystring: { saved?: string } }>('/admin/watchlists', async (request, reply) => page(reply, { saved: request.query.saved === '1' }));

  // Add alias, step 1: what it would match, with a Save button.
  app.post<SlugRoute>('/admin/watchlists/:slug/preview', { preHandler: ctx.csrfProtection }, async (request, reply) => {
    const form = { ...request.body, action: 'add-alias' };
    const { edit, problems } = editFromForm(form);
    if (!edit || edit.action !== 'add-alias') return problemsPage(reply, request.params.slug, problems);
    const config = ctx.loadConfig();
    const planned = planWatchlistEdit(config, request.params.slug, edit);
    if (planned.problems.length > 0 || !planned.watchlist) return problemsPage(reply, request.params.slug, planned.problems);
    const since = new Date(ctx.now().getTime() - config.matching.rematchDays * 86_400_000);
    const items = await previewAlias(ctx.db, planned.watchlist, edit, since, config.matching.contextRadiusKm);
    return ctx.html(reply, 'alias-preview', { title: 'Preview', slug: request.params.slug, edit, days: config.matching.rematchDays, items, counted: items.filter((i) => i.counted).length });
  });

  // Any edit: checked, written, the whole config checked again, reloaded.
  app.post<SlugRoute>('/admin/watchlists/:slug/edit', { preHandler: ctx.csrfProtection }, async (request, reply) => {
    const { edit, problems } = editFromForm(request.body ?? {});
    if (!edit) return problemsPage(reply, request.params.slug, problems);
    const planned = planWatchlistEdit(ctx.loadConfig(), request.params.slug, edit);
    if (planned.problems.length > 0) return problemsPage(reply, request.params.slug, planned.problems);
    writeConfigText(planned.file, planned.text);
    try {
      ctx.loadConfig();
    } catch (error) {
      // The file alone was fine, the whole config is not (a slug or name another file uses).
      writeConfigText(planned.file, planned.previousText);
      return problemsPage(reply, request.params.slug, messageOf(error).split('\n').slice(1).map((line) => line.trim()));
    }
    request.log.info({ watchlist: request.params.slug, action: edit.action, file: planned.file }, 'watchlist edited from the admin');
    await ctx.reload();
    return reply.redirect('/admin/watchlists?saved=1', 303);
  });
}
