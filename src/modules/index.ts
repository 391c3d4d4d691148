/**
 * The modules Gongjin is made of, in one list (ADR 0034). The app mounts their routes in this
 * order, the job runner takes their jobs, the catalogue their messages, `can()` their rules, the
 * layout their navigation, the demo seed their seeds and the permission matrix their rows.
 * Adding a module: its folder, one line here, its generated migration (docs/architecture.md).
 */
import { installModules } from '../platform/module.ts';
import { examEligibility, organizationLogos, organizationLogoUrls, tutorBlockedByExam } from '../wiring.ts';
import { adminModule } from './admin/index.ts';
import { credentialsModule } from './credentials/index.ts';
import { examsModule } from './exams/index.ts';
import { exchangeModule } from './exchange/index.ts';
import { graderModule } from './grader/index.ts';
import { hackathonsModule } from './hackathons/index.ts';
import { homeModule } from './home/index.ts';
import { identityModule } from './identity/index.ts';
import { internshipsModule } from './internships/index.ts';
import { learningModule } from './learning/index.ts';
import { membersModule } from './members/index.ts';
import { questionsModule } from './questions/index.ts';
import { salonsModule } from './salons/index.ts';

export const MODULES = [
  homeModule,
  identityModule,
  credentialsModule,
  membersModule,
  salonsModule({ organizationLogos, organizationLogoUrls }),
  learningModule({ activeExamFor: tutorBlockedByExam }),
  questionsModule,
  examsModule({ eligibility: examEligibility }),
  internshipsModule,
  graderModule,
  hackathonsModule,
  exchangeModule,
  adminModule,
] as const;

declare module '../platform/module.ts' {
  interface ModuleRegistry {
    modules: typeof MODULES;
  }
}

installModules(MODULES);
