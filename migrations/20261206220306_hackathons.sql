CREATE TABLE "hackathon_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"judge_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"scores" jsonb,
	"scored_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hackathon_award_credentials" (
	"award_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	CONSTRAINT "hackathon_award_credentials_award_id_user_id_pk" PRIMARY KEY("award_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"track_id" uuid,
	"submission_id" uuid NOT NULL,
	"title" text NOT NULL,
	"rank" integer DEFAULT 1 NOT NULL,
	"prize_cny" integer DEFAULT 0 NOT NULL,
	"credit_hours" integer DEFAULT 0 NOT NULL,
	"achievement_id" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hackathon_conflict_overrides" (
	"hackathon_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_conflict_overrides_judge_id_submission_id_pk" PRIMARY KEY("judge_id","submission_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"judge_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"winner_id" uuid,
	"loser_id" uuid,
	"submission_id" uuid,
	"undone_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hackathon_join_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hackathon_judges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid,
	"org_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expertise" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_judges_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "hackathon_pairwise_items" (
	"hackathon_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"submission_id" uuid NOT NULL,
	"mu" double precision NOT NULL,
	"sigma_sq" double precision NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hackathon_pairwise_items_hackathon_id_round_submission_id_pk" PRIMARY KEY("hackathon_id","round","submission_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_pairwise_sessions" (
	"hackathon_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"judge_id" uuid NOT NULL,
	"alpha" double precision NOT NULL,
	"beta" double precision NOT NULL,
	"prev_id" uuid,
	"next_id" uuid,
	"next_shown_at" timestamp with time zone,
	CONSTRAINT "hackathon_pairwise_sessions_hackathon_id_round_judge_id_pk" PRIMARY KEY("hackathon_id","round","judge_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_panel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"track_id" uuid,
	"token_digest" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_panel_tokenDigest_unique" UNIQUE("token_digest")
);
--> statement-breakpoint
CREATE TABLE "hackathon_participants" (
	"hackathon_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid,
	"advisor_user_id" uuid,
	"skills" text DEFAULT '' NOT NULL,
	"looking_for_team" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_participants_hackathon_id_user_id_pk" PRIMARY KEY("hackathon_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_sponsors" (
	"hackathon_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_cny" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_sponsors_hackathon_id_org_id_pk" PRIMARY KEY("hackathon_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_submission_versions" (
	"submission_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"repo_url" text NOT NULL,
	"video_url" text NOT NULL,
	"description" text NOT NULL,
	"track_ids" jsonb NOT NULL,
	"late" boolean NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hackathon_submission_versions_submission_id_version_pk" PRIMARY KEY("submission_id","version")
);
--> statement-breakpoint
CREATE TABLE "hackathon_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"title" text NOT NULL,
	"repo_url" text NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"track_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"absent_count" integer DEFAULT 0 NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"shortlisted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "hackathon_submissions_teamId_unique" UNIQUE("team_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_team_members" (
	"team_id" uuid NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "hackathon_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"name" text NOT NULL,
	"captain_id" uuid NOT NULL,
	"invite_code" text NOT NULL,
	"looking_for_members" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathon_teams_inviteCode_unique" UNIQUE("invite_code")
);
--> statement-breakpoint
CREATE TABLE "hackathon_tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hackathon_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"resources" text DEFAULT '' NOT NULL,
	"sponsor_org_id" uuid,
	"prize_cny" integer DEFAULT 0 NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hackathons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"theme" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"registration_opens_at" timestamp with time zone NOT NULL,
	"registration_closes_at" timestamp with time zone NOT NULL,
	"submission_deadline" timestamp with time zone NOT NULL,
	"late_policy" text DEFAULT 'refuse' NOT NULL,
	"late_grace_minutes" integer DEFAULT 0 NOT NULL,
	"min_team_size" integer DEFAULT 1 NOT NULL,
	"max_team_size" integer DEFAULT 5 NOT NULL,
	"eligibility" text DEFAULT 'open' NOT NULL,
	"eligible_org_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"organizer_org_id" uuid NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"issuer_id" uuid,
	"co_issuer_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"results_published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hackathons_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "hackathon_assignments" ADD CONSTRAINT "hackathon_assignments_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_assignments" ADD CONSTRAINT "hackathon_assignments_submission_id_hackathon_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_award_credentials" ADD CONSTRAINT "hackathon_award_credentials_award_id_hackathon_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."hackathon_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_awards" ADD CONSTRAINT "hackathon_awards_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_awards" ADD CONSTRAINT "hackathon_awards_submission_id_hackathon_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_conflict_overrides" ADD CONSTRAINT "hackathon_conflict_overrides_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_conflict_overrides" ADD CONSTRAINT "hackathon_conflict_overrides_submission_id_hackathon_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_decisions" ADD CONSTRAINT "hackathon_decisions_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_join_requests" ADD CONSTRAINT "hackathon_join_requests_team_id_hackathon_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."hackathon_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_items" ADD CONSTRAINT "hackathon_pairwise_items_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_items" ADD CONSTRAINT "hackathon_pairwise_items_submission_id_hackathon_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_pairwise_sessions" ADD CONSTRAINT "hackathon_pairwise_sessions_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_panel" ADD CONSTRAINT "hackathon_panel_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_panel" ADD CONSTRAINT "hackathon_panel_judge_id_hackathon_judges_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."hackathon_judges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_participants" ADD CONSTRAINT "hackathon_participants_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_sponsors" ADD CONSTRAINT "hackathon_sponsors_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submission_versions" ADD CONSTRAINT "hackathon_submission_versions_submission_id_hackathon_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."hackathon_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submissions" ADD CONSTRAINT "hackathon_submissions_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_submissions" ADD CONSTRAINT "hackathon_submissions_team_id_hackathon_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."hackathon_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_team_members" ADD CONSTRAINT "hackathon_team_members_team_id_hackathon_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."hackathon_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_teams" ADD CONSTRAINT "hackathon_teams_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hackathon_tracks" ADD CONSTRAINT "hackathon_tracks_hackathon_id_hackathons_id_fk" FOREIGN KEY ("hackathon_id") REFERENCES "public"."hackathons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_assignments_round_judge_id_submission_id_index" ON "hackathon_assignments" USING btree ("round","judge_id","submission_id");--> statement-breakpoint
CREATE INDEX "hackathon_assignments_hackathon_id_index" ON "hackathon_assignments" USING btree ("hackathon_id");--> statement-breakpoint
CREATE INDEX "hackathon_awards_hackathon_id_index" ON "hackathon_awards" USING btree ("hackathon_id");--> statement-breakpoint
CREATE INDEX "hackathon_decisions_hackathon_id_round_id_index" ON "hackathon_decisions" USING btree ("hackathon_id","round","id");--> statement-breakpoint
CREATE INDEX "hackathon_join_requests_team_id_index" ON "hackathon_join_requests" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_panel_hackathon_id_judge_id_index" ON "hackathon_panel" USING btree ("hackathon_id","judge_id");--> statement-breakpoint
CREATE INDEX "hackathon_submissions_hackathon_id_index" ON "hackathon_submissions" USING btree ("hackathon_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_team_members_hackathon_id_user_id_index" ON "hackathon_team_members" USING btree ("hackathon_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hackathon_teams_hackathon_id_name_index" ON "hackathon_teams" USING btree ("hackathon_id","name");--> statement-breakpoint
CREATE INDEX "hackathon_tracks_hackathon_id_index" ON "hackathon_tracks" USING btree ("hackathon_id");