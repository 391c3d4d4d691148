// Permission-matrix rows, the home page and the site's share card.
import { everyone, type Rows } from '../../testing/permission-matrix.ts';

export const HOME: Rows = {
  'GET /': { expect: everyone(200) },
  'GET /share.png': { expect: everyone(200) },
};
