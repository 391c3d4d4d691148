CREATE TABLE "salon_sponsors" (
	"salon_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "salon_sponsors_salon_id_org_id_pk" PRIMARY KEY("salon_id","org_id")
);
--> statement-breakpoint
ALTER TABLE "salon_sponsors" ADD CONSTRAINT "salon_sponsors_salon_id_salons_id_fk" FOREIGN KEY ("salon_id") REFERENCES "public"."salons"("id") ON DELETE cascade ON UPDATE no action;