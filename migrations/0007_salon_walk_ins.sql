CREATE TABLE "salon_walk_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"salon_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "salon_walk_ins" ADD CONSTRAINT "salon_walk_ins_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "salon_walk_ins_salon_idx" ON "salon_walk_ins" USING btree ("salon_id","created_at");--> statement-breakpoint
ALTER TABLE "salon_registrations" DROP COLUMN "walk_in";