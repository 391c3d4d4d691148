ALTER TABLE "organizations" ADD COLUMN "description_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "alliance_applications" ADD COLUMN "description_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "alliance_applications" ADD COLUMN "description_en" text DEFAULT '' NOT NULL;