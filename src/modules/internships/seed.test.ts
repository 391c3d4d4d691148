import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { useTestApp } from '../../testing/harness.ts';
import { examGrader, labGrader } from '../grader/shared.ts';
import { userIdByEmail } from '../identity/queries.ts';
import { myApplications } from './applications.ts';

const t = useTestApp();
afterAll(() => Promise.all([labGrader.close(), examGrader.close()]));

describe('internships demo', () => {
  it('shows the member companies’ postings, found by pinyin', async () => {
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET, { story: false });
    const page = await (await t.client().get('/internships?q=neihe')).text();
    expect(page).toContain('数据库内核开发实习生（存储引擎）');
    expect(page).not.toContain('图数据库开源社区运营实习生');
    // The story's applications are seeded only with the whole story (src/seed/demo.test.ts runs it).
    const liu = (await userIdByEmail(t.db, 'liu.yang@stu.donghu-univ.example.edu.cn')) as string;
    expect(await myApplications(t.db, liu)).toEqual([]);
    const all = await (await t.client().get('/internships')).text();
    expect(all).toContain('时序数据库查询优化实习生');
    expect(all).toContain('图数据库开源社区运营实习生');
  }, 120_000);
});
