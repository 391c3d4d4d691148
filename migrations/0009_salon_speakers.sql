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
ALTER TABLE "salon_agenda_items" ADD COLUMN "slides_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "salon_speaker_invites" ADD CONSTRAINT "salon_speaker_invites_item_id_salon_agenda_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."salon_agenda_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "salon_speaker_invites_item_idx" ON "salon_speaker_invites" USING btree ("item_id");