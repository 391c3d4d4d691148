/** Salon pages, one file per page (ADR 0041 split the 1,500-line file); routes and home import them from here. */
export * from './budget.tsx';
export * from './index-page.tsx';
export * from './live.tsx';
export * from './plan.tsx';
export * from './promotion.tsx';
export * from './registration.tsx';
export * from './report.tsx';
export * from './salon-form.tsx';
export * from './salon-page.tsx';
