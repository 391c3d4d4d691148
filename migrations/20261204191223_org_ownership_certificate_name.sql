DROP INDEX "question_categories_path_idx";--> statement-breakpoint
DROP INDEX "questions_id_number_idx";--> statement-breakpoint
ALTER TABLE "exams" ADD COLUMN "achievement_linked_by" uuid;--> statement-breakpoint
ALTER TABLE "exams" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "certificate_name" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "certificate_name_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "question_categories" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "org_id" uuid;--> statement-breakpoint
-- Backfill (hand-written, ADR 0024). An exam belongs to its author's first organisation; one
-- without an author or whose author belongs to none stays platform-owned (platform admins only).
UPDATE "exams" e SET "org_id" = (
  SELECT m."org_id" FROM "memberships" m WHERE m."user_id" = e."created_by"
  ORDER BY m."created_at", m."org_id" LIMIT 1
) WHERE e."created_by" IS NOT NULL;--> statement-breakpoint
-- Only a link a platform admin wrote keeps awarding: links teachers wrote are what issue 17 abused.
UPDATE "exams" e SET "achievement_linked_by" = e."created_by"
WHERE e."achievement_id" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "user_roles" r WHERE r."user_id" = e."created_by" AND r."role" = 'platform_admin'
);--> statement-breakpoint
-- A category tree has one owner: the first organisation of the author of its earliest question
-- (anywhere in the tree); a tree nobody with an organisation wrote in stays platform-owned.
WITH "owners" AS (
  SELECT r."path" AS "root_path", (
    SELECT m."org_id" FROM "questions" q
      JOIN "question_categories" c ON c."id" = q."category_id"
      JOIN "memberships" m ON m."user_id" = q."author_id"
     WHERE c."path" = r."path" OR starts_with(c."path", r."path" || ' / ')
     ORDER BY q."created_at", q."id", m."created_at", m."org_id" LIMIT 1
  ) AS "org_id"
  FROM "question_categories" r WHERE r."parent_id" IS NULL
)
UPDATE "question_categories" c SET "org_id" = o."org_id" FROM "owners" o
WHERE c."path" = o."root_path" OR starts_with(c."path", o."root_path" || ' / ');--> statement-breakpoint
-- A question belongs where its category does (for a single-school bank: its author's organisation).
UPDATE "questions" q SET "org_id" = c."org_id" FROM "question_categories" c WHERE c."id" = q."category_id";--> statement-breakpoint
CREATE UNIQUE INDEX "question_categories_org_path_idx" ON "question_categories" USING btree (coalesce("org_id", '00000000-0000-0000-0000-000000000000'::uuid),"path");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_org_id_number_idx" ON "questions" USING btree (coalesce("org_id", '00000000-0000-0000-0000-000000000000'::uuid),"id_number");