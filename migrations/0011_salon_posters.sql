CREATE TABLE "salon_posters" (
	"salon_id" uuid NOT NULL,
	"format" text NOT NULL,
	"png" "bytea" NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "salon_posters_salon_id_format_pk" PRIMARY KEY("salon_id","format")
);
--> statement-breakpoint
ALTER TABLE "salon_posters" ADD CONSTRAINT "salon_posters_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;