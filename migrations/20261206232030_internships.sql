CREATE TABLE "contribution_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"event_ids" jsonb NOT NULL,
	"approved_by" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contribution_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"login" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"bot" boolean DEFAULT false NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contribution_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"achievement_id" uuid NOT NULL,
	"default_points" integer DEFAULT 2 NOT NULL,
	"threshold" integer DEFAULT 120 NOT NULL,
	"window_months" integer DEFAULT 12 NOT NULL,
	"merged_by" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contribution_programmes_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "contribution_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"host" text NOT NULL,
	"owner" text NOT NULL,
	"repo" text NOT NULL,
	"mentor_id" uuid NOT NULL,
	"webhook_secret" text NOT NULL,
	"last_imported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contributor_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"handle" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "internship_application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"posting_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"motivation" text DEFAULT '' NOT NULL,
	"completed_at" timestamp with time zone,
	"credential_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_certificate_achievements" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"achievement_id" uuid NOT NULL,
	"linked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"remote" boolean DEFAULT false NOT NULL,
	"duration_weeks" integer NOT NULL,
	"stipend_min" integer DEFAULT 0 NOT NULL,
	"stipend_max" integer DEFAULT 0 NOT NULL,
	"slots" integer NOT NULL,
	"mentor_id" uuid NOT NULL,
	"terms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_school_allowed" (
	"school_org_id" uuid NOT NULL,
	"company_org_id" uuid NOT NULL,
	CONSTRAINT "internship_school_allowed_school_org_id_company_org_id_pk" PRIMARY KEY("school_org_id","company_org_id")
);
--> statement-breakpoint
CREATE TABLE "internship_school_policies" (
	"school_org_id" uuid PRIMARY KEY NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_match_ranks" (
	"round_id" uuid NOT NULL,
	"side" text NOT NULL,
	"student_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "internship_match_ranks_round_id_side_student_id_posting_id_pk" PRIMARY KEY("round_id","side","student_id","posting_id")
);
--> statement-breakpoint
CREATE TABLE "internship_match_results" (
	"round_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"posting_id" uuid,
	"choice" integer,
	"misses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "internship_match_results_round_id_student_id_pk" PRIMARY KEY("round_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "internship_match_round_postings" (
	"round_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"capacity" integer NOT NULL,
	CONSTRAINT "internship_match_round_postings_round_id_posting_id_pk" PRIMARY KEY("round_id","posting_id")
);
--> statement-breakpoint
CREATE TABLE "internship_match_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'ranking' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"matched_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contribution_awards" ADD CONSTRAINT "contribution_awards_programme_id_contribution_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."contribution_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_events" ADD CONSTRAINT "contribution_events_project_id_contribution_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."contribution_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_application_events" ADD CONSTRAINT "internship_application_events_application_id_internship_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."internship_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_applications" ADD CONSTRAINT "internship_applications_posting_id_internship_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."internship_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_match_ranks" ADD CONSTRAINT "internship_match_ranks_round_id_internship_match_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."internship_match_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_match_results" ADD CONSTRAINT "internship_match_results_round_id_internship_match_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."internship_match_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_match_round_postings" ADD CONSTRAINT "internship_match_round_postings_round_id_internship_match_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."internship_match_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_match_round_postings" ADD CONSTRAINT "internship_match_round_postings_posting_id_internship_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."internship_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_awards_once" ON "contribution_awards" USING btree ("programme_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_events_once" ON "contribution_events" USING btree ("project_id","kind","external_id");--> statement-breakpoint
CREATE INDEX "contribution_events_login_idx" ON "contribution_events" USING btree ("login");--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_projects_repo" ON "contribution_projects" USING btree ("host",lower("owner"),lower("repo"));--> statement-breakpoint
CREATE UNIQUE INDEX "contributor_identities_once" ON "contributor_identities" USING btree ("user_id","kind","handle");--> statement-breakpoint
CREATE UNIQUE INDEX "contributor_identities_confirmed" ON "contributor_identities" USING btree ("kind","handle") WHERE "contributor_identities"."status" = 'confirmed';--> statement-breakpoint
CREATE INDEX "internship_application_events_app_idx" ON "internship_application_events" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "internship_applications_once" ON "internship_applications" USING btree ("posting_id","student_id");--> statement-breakpoint
CREATE INDEX "internship_applications_student_idx" ON "internship_applications" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "internship_postings_org_idx" ON "internship_postings" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "internship_postings_status_idx" ON "internship_postings" USING btree ("status");