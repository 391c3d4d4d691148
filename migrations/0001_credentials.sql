CREATE SEQUENCE "public"."credential_status_index_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
CREATE TABLE "credential_achievements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"criteria_zh" text NOT NULL,
	"criteria_en" text NOT NULL,
	"image_url" text,
	"credits_available" double precision,
	"alignment_name" text,
	"alignment_url" text,
	"issuer_id" uuid NOT NULL,
	"co_issuer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_achievements_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "credential_issuer_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"public_key_multibase" text NOT NULL,
	"secret_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credential_issuers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_issuers_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"achievement_id" uuid NOT NULL,
	"recipient_user_id" uuid,
	"recipient_name" text NOT NULL,
	"document" jsonb NOT NULL,
	"status_index" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"public" integer DEFAULT 1 NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	CONSTRAINT "credentials_statusIndex_unique" UNIQUE("status_index")
);
--> statement-breakpoint
ALTER TABLE "credential_achievements" ADD CONSTRAINT "credential_achievements_issuer_id_credential_issuers_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."credential_issuers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_achievements" ADD CONSTRAINT "credential_achievements_co_issuer_id_credential_issuers_id_fk" FOREIGN KEY ("co_issuer_id") REFERENCES "public"."credential_issuers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_issuer_keys" ADD CONSTRAINT "credential_issuer_keys_issuer_id_credential_issuers_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."credential_issuers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_achievement_id_credential_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."credential_achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credential_issuer_keys_issuer_key_idx" ON "credential_issuer_keys" USING btree ("issuer_id","key_id");--> statement-breakpoint
CREATE INDEX "credentials_recipient_idx" ON "credentials" USING btree ("recipient_user_id");