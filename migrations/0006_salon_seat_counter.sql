ALTER TABLE "salons" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Salons registered before the counter existed start from their confirmed registrations.
UPDATE "salons" SET "seats_taken" = (SELECT count(*) FROM "salon_registrations" r WHERE r."salon_id" = "salons"."id" AND r."status" = 'confirmed');
