/**
 * Routes of the supply–demand board, mounted under /exchange: the board and posting, suggestions
 * with "no thanks", introductions (request, answer, withdraw, outcome) and the organisers' funnel.
 * Everything needs a signed-in person (students' names and needs are not for the open web); each
 * action checks that the actor acts for the party it names.
 */
import { type Context, Hono } from 'hono';
import { CHART_TEXT, chartSvg } from '../../platform/charts.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { type Actor, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { respond, titled } from '../../ui/respond.tsx';
import { blockForm, introductionForm, outcomeForm, postForm } from './forms.ts';
import {
  recordOutcome,
  requestIntroduction,
  respondToIntroduction,
  withdrawIntroduction,
} from './introductions.ts';
import { actsAs, partiesOf, partyContacts, partyNames, userParty } from './parties.ts';
import { blockPair, closePost, createPost, unblockPair } from './posts.ts';
import {
  blocksBy,
  findIntroduction,
  findPost,
  introductionFunnel,
  introductionsOf,
  listPosts,
  postsByIds,
} from './queries.ts';
import { CATEGORIES, type Category, type OutcomeLevel, POST_KINDS, type PostKind } from './schema.ts';
import { suggestionsFor } from './suggest.ts';
import { BoardPage, PostFormPage, PostPage } from './views/board.tsx';
import { FunnelPage, IntroductionPage, IntroductionsPage } from './views/introductions.tsx';
import { MatchesPage } from './views/matches.tsx';
import type { PartyOption } from './views/shared.tsx';

type C = Context<AppEnv>;

const serviceInfo = (c: C) => ({ ip: requestInfo(c).ip, publicUrl: c.get('deps').config.PUBLIC_URL });

async function partyOptions(c: C, actor: Actor): Promise<PartyOption[]> {
  const parties = partiesOf(actor);
  const names = await partyNames(c.get('deps').db, parties, c.get('locale'));
  return parties.map((party) => ({
    party,
    name:
      party === userParty(actor.userId)
        ? c.get('t')('exchange.partyMe', { name: actor.displayName })
        : (names.get(party) ?? party),
  }));
}

const idParam = (c: C) => {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  return id;
};

export function exchangeRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    requireActor(c);
    const kind = c.req.query('kind');
    const category = c.req.query('category');
    const filter = {
      kind: (POST_KINDS as readonly string[]).includes(kind ?? '') ? (kind as PostKind) : undefined,
      category: (CATEGORIES as readonly string[]).includes(category ?? '')
        ? (category as Category)
        : undefined,
      q: (c.req.query('q') ?? '').slice(0, 100),
    };
    const db = c.get('deps').db;
    const posts = await listPosts(db, filter);
    const names = await partyNames(
      db,
      posts.map((p) => p.party),
      c.get('locale'),
    );
    const view = <BoardPage posts={posts} names={names} filter={filter} />;
    return respond(c, { page: view, fragment: view, ...titled(c, 'exchange.title') });
  });

  app.get('/new', async (c) => {
    const actor = requireActor(c);
    return c.render(<PostFormPage parties={await partyOptions(c, actor)} />, titled(c, 'exchange.post.new'));
  });

  app.post('/posts', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, postForm);
    if (!form.ok) {
      c.status(400);
      return c.render(
        <PostFormPage parties={await partyOptions(c, actor)} state={form} />,
        titled(c, 'exchange.post.new'),
      );
    }
    const post = await createPost(c.get('deps').db, actor, form.data, serviceInfo(c));
    return c.redirect(`/exchange/posts/${post.id}?created=1`, 303);
  });

  app.get('/posts/:id', async (c) => {
    const actor = requireActor(c);
    const db = c.get('deps').db;
    const post = await findPost(db, idParam(c));
    if (!post) throw new AppError('NOT_FOUND');
    const names = await partyNames(db, [post.party], c.get('locale'));
    return c.render(
      <PostPage
        post={post}
        name={names.get(post.party) ?? ''}
        mine={actsAs(actor, post.party)}
        created={c.req.query('created') === '1'}
      />,
      { title: post.title },
    );
  });

  app.post('/posts/:id/close', async (c) => {
    const actor = requireActor(c);
    const id = idParam(c);
    await closePost(c.get('deps').db, actor, id, serviceInfo(c));
    return c.redirect(`/exchange/posts/${id}`, 303);
  });

  app.get('/matches', async (c) => {
    const actor = requireActor(c);
    const parties = await partyOptions(c, actor);
    const as = c.req.query('as') ?? parties[0].party;
    if (!actsAs(actor, as)) throw new AppError('FORBIDDEN', { messageKey: 'exchange.error.notYourParty' });
    const db = c.get('deps').db;
    const suggestions = await suggestionsFor(db, as);
    const blocks = await blocksBy(db, as);
    const hasNeeds = (await listPosts(db, { party: as, kind: 'need' }, 1)).length > 0;
    const postIds = suggestions.flatMap((s) =>
      [s.forward?.needId, s.forward?.offerId, s.backward?.needId, s.backward?.offerId].filter(
        (x): x is string => !!x,
      ),
    );
    const posts = await postsByIds(db, [...new Set(postIds)]);
    const names = await partyNames(
      db,
      [as, ...suggestions.map((s) => s.party), ...blocks.map((b) => b.other)],
      c.get('locale'),
    );
    names.set(as, parties.find((p) => p.party === as)?.name ?? names.get(as) ?? '');
    return c.render(
      <MatchesPage
        as={as}
        parties={parties}
        suggestions={suggestions}
        names={names}
        posts={posts}
        hasNeeds={hasNeeds}
        blocks={blocks}
      />,
      titled(c, 'exchange.matches.title'),
    );
  });

  app.post('/blocks', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, blockForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, never> });
    await blockPair(c.get('deps').db, actor, form.data, serviceInfo(c));
    return c.redirect(`/exchange/matches?as=${encodeURIComponent(form.data.party)}`, 303);
  });

  app.post('/blocks/remove', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, blockForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, never> });
    await unblockPair(c.get('deps').db, actor, form.data, serviceInfo(c));
    return c.redirect(`/exchange/matches?as=${encodeURIComponent(form.data.party)}`, 303);
  });

  app.post('/introductions', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, introductionForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, never> });
    const intro = await requestIntroduction(c.get('deps').db, actor, form.data, serviceInfo(c));
    return c.redirect(`/exchange/introductions/${intro.id}?requested=1`, 303);
  });

  app.get('/introductions', async (c) => {
    const actor = requireActor(c);
    const mine = partiesOf(actor);
    const db = c.get('deps').db;
    const all = await introductionsOf(db, mine);
    const names = await partyNames(
      db,
      all.flatMap((i) => [i.fromParty, i.toParty]),
      c.get('locale'),
    );
    return c.render(
      <IntroductionsPage
        incoming={all.filter((i) => mine.includes(i.toParty))}
        outgoing={all.filter((i) => mine.includes(i.fromParty))}
        names={names}
      />,
      titled(c, 'exchange.intro.list'),
    );
  });

  app.get('/introductions/:id', async (c) => {
    const actor = requireActor(c);
    const db = c.get('deps').db;
    const found = await findIntroduction(db, idParam(c));
    const organiser = actor.roles.has('platform_admin');
    // Someone outside the pair learns nothing, not even that it exists.
    if (
      !found ||
      (!organiser && !actsAs(actor, found.intro.fromParty) && !actsAs(actor, found.intro.toParty))
    )
      throw new AppError('NOT_FOUND');
    const { intro, events } = found;
    const isFrom = actsAs(actor, intro.fromParty);
    const isTo = actsAs(actor, intro.toParty);
    const names = await partyNames(db, [intro.fromParty, intro.toParty], c.get('locale'));
    const contacts =
      intro.status === 'accepted' && (isFrom || isTo)
        ? await partyContacts(db, isFrom ? intro.toParty : intro.fromParty)
        : [];
    return c.render(
      <IntroductionPage
        intro={intro}
        events={events}
        names={names}
        canAnswer={isTo && intro.status === 'requested'}
        canWithdraw={isFrom && intro.status === 'requested'}
        canRecord={(isFrom || isTo) && intro.status === 'accepted'}
        contacts={contacts}
        notice={
          c.req.query('requested') === '1'
            ? 'exchange.intro.requested'
            : c.req.query('saved') === '1'
              ? 'exchange.intro.outcomeSaved'
              : undefined
        }
      />,
      titled(c, 'exchange.intro.title', {
        from: names.get(intro.fromParty) ?? '',
        to: names.get(intro.toParty) ?? '',
      }),
    );
  });

  for (const answer of ['accept', 'decline'] as const)
    app.post(`/introductions/:id/${answer}`, async (c) => {
      const actor = requireActor(c);
      const id = idParam(c);
      await respondToIntroduction(c.get('deps').db, actor, id, answer, serviceInfo(c));
      return c.redirect(`/exchange/introductions/${id}`, 303);
    });

  app.post('/introductions/:id/withdraw', async (c) => {
    const actor = requireActor(c);
    const id = idParam(c);
    await withdrawIntroduction(c.get('deps').db, actor, id, serviceInfo(c));
    return c.redirect(`/exchange/introductions/${id}`, 303);
  });

  app.post('/introductions/:id/outcome', async (c) => {
    const actor = requireActor(c);
    const id = idParam(c);
    const form = await parseForm(c, outcomeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, never> });
    await recordOutcome(c.get('deps').db, actor, id, form.data.level as OutcomeLevel, serviceInfo(c));
    return c.redirect(`/exchange/introductions/${id}?saved=1`, 303);
  });

  app.get('/funnel', async (c) => {
    requirePermission(c, 'exchange:organise');
    const funnel = await introductionFunnel(c.get('deps').db);
    const t = c.get('t');
    const requested = Object.values(funnel.byStatus).reduce((a, b) => a + b, 0);
    const reached = funnel.byOutcome.slice(2).reduce((a, b) => a + b, 0);
    const chart = chartSvg({
      grid: { left: 24, right: 24, top: 24, bottom: 16, containLabel: true },
      xAxis: {
        type: 'category',
        data: [
          t('exchange.intro.request'),
          t('exchange.status.accepted'),
          t('exchange.outcome.2'),
          t('exchange.outcome.4'),
        ],
        axisLabel: { interval: 0, ...CHART_TEXT },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: CHART_TEXT },
      series: [
        {
          type: 'bar',
          data: [requested, funnel.byStatus.accepted, reached, funnel.byOutcome[4]],
          label: { show: true, position: 'top', ...CHART_TEXT },
        },
      ],
    });
    return c.render(<FunnelPage funnel={funnel} chart={chart} />, titled(c, 'exchange.funnel.title'));
  });

  return app;
}
