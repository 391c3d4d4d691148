/** The home page and the site's share card. */
import { defineModule } from '../../platform/module.ts';
import { homeRoutes } from './routes.tsx';

export const homeModule = defineModule({
  name: 'home',
  routes: () => [{ prefix: '/', app: homeRoutes() }],
  matrix: async () => ({ home: (await import('./permission-matrix.rows.ts')).HOME }),
});
