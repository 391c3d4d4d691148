CREATE TABLE "salon_attention" (
	"salon_id" uuid NOT NULL,
	"keyword" text NOT NULL,
	"day" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "salon_attention_salon_id_keyword_day_pk" PRIMARY KEY("salon_id","keyword","day")
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
ALTER TABLE "salon_agenda_items" ADD COLUMN "replay_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "recap" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_agenda_items" ADD COLUMN "recap_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "salon_attention" ADD CONSTRAINT "salon_attention_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salon_streams" ADD CONSTRAINT "salon_streams_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "salon_streams_platform_idx" ON "salon_streams" USING btree ("salon_id","platform");