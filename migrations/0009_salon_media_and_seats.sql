CREATE TABLE "salon_attention" (
	"salon_id" uuid NOT NULL,
	"keyword" text NOT NULL,
	"day" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "salon_attention_salon_id_keyword_day_pk" PRIMARY KEY("salon_id","keyword","day")
);
--> statement-breakpoint
CREATE TABLE "salon_posters" (
	"salon_id" uuid NOT NULL,
	"format" text NOT NULL,
	"png" "bytea" NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salon_posters_salon_id_format_pk" PRIMARY KEY("salon_id","format")
);
--> statement-breakpoint
CREATE TABLE "salon_speaker_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_digest" text NOT NULL,
	"invited_by" uuid,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salon_speaker_invites_tokenDigest_unique" UNIQUE("token_digest")
);
--> statement-breakpoint
CREATE TABLE "salon_sponsors" (
	"salon_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "salon_sponsors_salon_id_org_id_pk" PRIMARY KEY("salon_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "salon_streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"viewers" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "salon_walk_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "slides_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "replay_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "recap" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "recap_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "salons" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_attention" ADD CONSTRAINT "salon_attention_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_posters" ADD CONSTRAINT "salon_posters_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_speaker_invites" ADD CONSTRAINT "salon_speaker_invites_item_id_salon_agenda_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."salon_agenda_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_sponsors" ADD CONSTRAINT "salon_sponsors_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_streams" ADD CONSTRAINT "salon_streams_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_walk_ins" ADD CONSTRAINT "salon_walk_ins_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "salon_speaker_invites_item_idx" ON "salon_speaker_invites" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "salon_streams_platform_idx" ON "salon_streams" USING btree ("salon_id","platform");--> statement-breakpoint
CREATE INDEX "salon_walk_ins_salon_idx" ON "salon_walk_ins" USING btree ("salon_id","created_at");--> statement-breakpoint
ALTER TABLE "salon_registrations" DROP COLUMN "walk_in";--> statement-breakpoint
-- Salons registered before the seat counter existed start from their confirmed registrations.
UPDATE "salons" SET "seats_taken" = (SELECT count(*) FROM "salon_registrations" r WHERE r."salon_id" = "salons"."id" AND r."status" = 'confirmed');
