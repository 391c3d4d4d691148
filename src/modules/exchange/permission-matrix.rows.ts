// Permission-matrix rows, exchange (the supply–demand board). Everything is for signed-in people;
// ids below are made up, so those allowed get 404 (an introduction outside one's pair is a 404 too).
import { adminOnly, type Rows, signedIn } from '../../testing/permission-matrix.ts';

const NONE = '00000000-0000-4000-8000-000000000000';

export const ROWS: Rows = {
  'GET /exchange': { expect: signedIn(200) },
  'GET /exchange/new': { expect: signedIn(200) },
  'POST /exchange/posts': { expect: signedIn(400) },
  'GET /exchange/posts/:id': { expect: signedIn(404), path: () => `/exchange/posts/${NONE}` },
  'POST /exchange/posts/:id/close': { expect: signedIn(404), path: () => `/exchange/posts/${NONE}/close` },
  'GET /exchange/matches': { expect: signedIn(200) },
  'POST /exchange/blocks': { expect: signedIn(400) },
  'POST /exchange/blocks/remove': { expect: signedIn(400) },
  'POST /exchange/introductions': { expect: signedIn(400) },
  'GET /exchange/introductions': { expect: signedIn(200) },
  'GET /exchange/introductions/:id': { expect: signedIn(404), path: () => `/exchange/introductions/${NONE}` },
  'POST /exchange/introductions/:id/accept': {
    expect: signedIn(404),
    path: () => `/exchange/introductions/${NONE}/accept`,
  },
  'POST /exchange/introductions/:id/decline': {
    expect: signedIn(404),
    path: () => `/exchange/introductions/${NONE}/decline`,
  },
  'POST /exchange/introductions/:id/withdraw': {
    expect: signedIn(404),
    path: () => `/exchange/introductions/${NONE}/withdraw`,
  },
  'POST /exchange/introductions/:id/outcome': {
    expect: signedIn(404),
    path: () => `/exchange/introductions/${NONE}/outcome`,
    form: { level: '2' },
  },
  'GET /exchange/funnel': { expect: adminOnly(200) },
};
