CREATE TABLE "exam_attempt_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"attempt_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_slots" (
	"attempt_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"section" integer DEFAULT 0 NOT NULL,
	"question_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"type" text NOT NULL,
	"max_mark" real NOT NULL,
	"response" jsonb,
	"seq" integer DEFAULT 0 NOT NULL,
	"saved_at" timestamp with time zone,
	"fraction" real,
	"feedback" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grading" text DEFAULT 'none' NOT NULL,
	"grader_comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "exam_attempt_slots_attempt_id_slot_pk" PRIMARY KEY("attempt_id","slot")
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exam_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"seed" integer NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"score" real,
	"max_score" real DEFAULT 0 NOT NULL,
	"fully_graded" boolean DEFAULT false NOT NULL,
	"credential_id" uuid
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"blueprint" jsonb NOT NULL,
	"time_limit_minutes" integer NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"attempts_allowed" integer DEFAULT 1 NOT NULL,
	"grading_method" text DEFAULT 'highest' NOT NULL,
	"pass_percent" real DEFAULT 60 NOT NULL,
	"shuffle_questions" boolean DEFAULT true NOT NULL,
	"shuffle_options" boolean DEFAULT true NOT NULL,
	"review" jsonb NOT NULL,
	"required_course_id" uuid,
	"required_labs" integer DEFAULT 0 NOT NULL,
	"achievement_id" uuid,
	"stagger_minutes" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_attempt_events" ADD CONSTRAINT "exam_attempt_events_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_slots" ADD CONSTRAINT "exam_attempt_slots_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exam_attempt_events_attempt_idx" ON "exam_attempt_events" USING btree ("attempt_id","id");--> statement-breakpoint
CREATE INDEX "exam_attempt_slots_question_idx" ON "exam_attempt_slots" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_one_active_idx" ON "exam_attempts" USING btree ("user_id") WHERE "exam_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_number_idx" ON "exam_attempts" USING btree ("exam_id","user_id","number");