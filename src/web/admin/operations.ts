// The operator's other pages: feeds (health as `vigil feeds list` shows it; add, disable and
// enable written to the feed file and reloaded; poll at the next cycle), subscribers (search by address,
// confirmation state, bouncing, remove) and deliveries (pending and failed with their errors,
// retry), each the same logic as its CLI command.
import type { FastifyInstance } from 'fastify';
import { planFeedAddition, setFeedEnabled, writeConfigText, type FeedForm } from '../../config/index.js';
import { messageOf } from '../../errors.js';
import { listFeeds, reenableFeed } from '../../feeds/index.js';
import { countDeliveries, listDeliveries, listSubscribers, removeSubscriber, retryDeliveries } from '../../notify/admin.js';
import type { AdminContext } from './context.js';

type IdRoute = { Params: { id: string } };

const idOf = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : -1);

export function registerOperationRoutes(app: FastifyInstance, ctx: AdminContext) {
  const csrf = { preHandler: ctx.csrfProtection };

  app.get<{ Querystring: { done?: string } }>('/admin/feeds', async (request, reply) => ctx.html(reply, 'feeds', { title: 'Feeds', feeds: await listFeeds(ctx.db), done: request.query.done === '1' }));

  for (const enabled of [true, false]) {
    app.post<IdRoute>(`/admin/feeds/:id/${enabled ? 'enable' : 'disable'}`, csrf, async (request, reply) => {
      const feed = await ctx.db.feed.findUnique({ where: { id: idOf(request.params.id) }, select: { id: true, url: true, name: true } });
      if (!feed) return ctx.html(reply, 'edit-problems', { title: 'Not saved', problems: ['No feed has this id.'] }, 404);
      const problem = setFeedEnabled(ctx.loadConfig(), feed.url, enabled);
      if (problem) return ctx.html(reply, 'edit-problems', { title: 'Not saved', problems: [problem] }, 400);
      // A feed that answered 410 Gone is polled again only once someone says so.
      if (enabled) await reenableFeed(ctx.db, String(feed.id));
      request.log.info({ feed: feed.name, enabled }, 'feed switched from the admin');
      await ctx.reload();
      return reply.redirect('/admin/feeds?done=1', 303);
    });
  }

  // Checked as the file would be, written, the whole config checked again, reloaded: polled at the next cycle.
  app.post<{ Body: FeedForm }>('/admin/feeds/add', csrf, async (request, reply) => {
    const planned = planFeedAddition(ctx.loadConfig(), request.body ?? {});
    if (planned.problems.length > 0) return ctx.html(reply, 'edit-problems', { title: 'Not saved', problems: planned.problems }, 400);
    writeConfigText(planned.file, planned.text);
    try {
      ctx.loadConfig();
    } catch (error) {
      writeConfigText(planned.file, planned.previousText);
      return ctx.html(reply, 'edit-problems', { title: 'Not saved', problems: messageOf(error).split('\n').slice(1).map((line) => line.trim()) }, 400);
    }
    request.log.info({ feed: request.body.name, file: planned.file }, 'feed added from the admin');
    await ctx.reload();
    return reply.redirect('/admin/feeds?done=1', 303);
  });

  // Due at the next cycle, its back-off after failures forgotten.
  app.post<IdRoute>('/admin/feeds/:id/poll', csrf, async (request, reply) => {
    await reenableFeed(ctx.db, String(idOf(request.params.id)));
    return reply.redirect('/admin/feeds?done=1', 303);
  });

  app.get<{ Querystring: { q?: string; done?: string } }>('/admin/subscribers', async (request, reply) => {
    const q = (request.query.q ?? '').trim().toLowerCase();
    const subscribers = (await listSubscribers(ctx.db)).filter((s) => !q || (s.email ?? s.webhookUrl ?? '').toLowerCase().includes(q));
    return ctx.html(reply, 'subscribers', { title: 'Subscribers', q, subscribers: subscribers.slice(0, 200), total: subscribers.length, done: request.query.done === '1' });
  });

  app.post<IdRoute>('/admin/subscribers/:id/remove', csrf, async (request, reply) => {
    const removed = await removeSubscriber(ctx.db, idOf(request.params.id));
    request.log.info({ subscriberId: request.params.id, removed }, 'subscriber removed from the admin');
    return reply.redirect('/admin/subscribers?done=1', 303);
  });

  app.get<{ Querystring: { done?: string } }>('/admin/deliveries', async (request, reply) => {
    const [counts, pending, failed] = await Promise.all([countDeliveries(ctx.db), listDeliveries(ctx.db, { status: 'pending', limit: 100 }), listDeliveries(ctx.db, { status: 'failed', limit: 100 })]);
    return ctx.html(reply, 'deliveries', { title: 'Deliveries', counts: Object.entries(counts).map(([status, n]) => ({ status, n })), pending, failed, done: request.query.done === '1' });
  });

  app.post<IdRoute>('/admin/deliveries/:id/retry', csrf, async (request, reply) => {
    await retryDeliveries(ctx.db, { id: idOf(request.params.id) }, ctx.now());
    return reply.redirect('/admin/deliveries?done=1', 303);
  });

  app.post('/admin/deliveries/retry-failed', csrf, async (_request, reply) => {
    await retryDeliveries(ctx.db, 'failed', ctx.now());
    return reply.redirect('/admin/deliveries?done=1', 303);
  });
}
