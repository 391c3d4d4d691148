CREATE TABLE "salon_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"sub_kind" text,
	"title" text NOT NULL,
	"abstract" text DEFAULT '' NOT NULL,
	"speaker_id" uuid,
	"duration_minutes" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salon_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"category" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"planned_cny" integer DEFAULT 0 NOT NULL,
	"actual_cny" integer,
	"payer_org_id" uuid,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salon_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"name" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"window_start" text NOT NULL,
	"window_end" text NOT NULL,
	"published_url" text,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salon_cohosts" (
	"salon_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "salon_cohosts_salon_id_org_id_pk" PRIMARY KEY("salon_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "salon_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"short_code" text NOT NULL,
	"seq" bigserial NOT NULL,
	"walk_in" integer DEFAULT 0 NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salon_reminders" (
	"registration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salon_reminders_registration_id_kind_pk" PRIMARY KEY("registration_id","kind")
);
--> statement-breakpoint
CREATE TABLE "salon_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salon_series_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "salons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"city" text NOT NULL,
	"venue" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"map_url" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"host_org_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"capacity" integer DEFAULT 100 NOT NULL,
	"registration_deadline" timestamp with time zone,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD CONSTRAINT "salon_agenda_items_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_budget_lines" ADD CONSTRAINT "salon_budget_lines_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_channels" ADD CONSTRAINT "salon_channels_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_cohosts" ADD CONSTRAINT "salon_cohosts_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_registrations" ADD CONSTRAINT "salon_registrations_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_reminders" ADD CONSTRAINT "salon_reminders_registration_id_salon_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."salon_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salons" ADD CONSTRAINT "salons_series_id_salon_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."salon_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "salon_agenda_salon_idx" ON "salon_agenda_items" USING btree ("salon_id","position");--> statement-breakpoint
CREATE INDEX "salon_budget_salon_idx" ON "salon_budget_lines" USING btree ("salon_id","position");--> statement-breakpoint
CREATE INDEX "salon_channels_salon_idx" ON "salon_channels" USING btree ("salon_id");--> statement-breakpoint
CREATE UNIQUE INDEX "salon_registrations_person_idx" ON "salon_registrations" USING btree ("salon_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "salon_registrations_code_idx" ON "salon_registrations" USING btree ("salon_id","short_code");--> statement-breakpoint
CREATE INDEX "salon_registrations_queue_idx" ON "salon_registrations" USING btree ("salon_id","status","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "salons_series_number_idx" ON "salons" USING btree ("series_id","number");--> statement-breakpoint
CREATE INDEX "salons_starts_idx" ON "salons" USING btree ("starts_at");