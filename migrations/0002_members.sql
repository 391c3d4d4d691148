CREATE TABLE "alliance_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"tier_slug" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "landscape_categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"rank" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_logos" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"org_id" uuid NOT NULL,
	"subcategory_slug" text NOT NULL,
	"name" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"license" text NOT NULL,
	"compatibility" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deployment" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"homepage_url" text DEFAULT '' NOT NULL,
	"github_url" text DEFAULT '' NOT NULL,
	"gitee_url" text DEFAULT '' NOT NULL,
	"gitcode_url" text DEFAULT '' NOT NULL,
	"docs_url" text DEFAULT '' NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "landscape_subcategories" (
	"slug" text PRIMARY KEY NOT NULL,
	"category_slug" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"rank" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_subcategory_slug_landscape_subcategories_slug_fk" FOREIGN KEY ("subcategory_slug") REFERENCES "public"."landscape_subcategories"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "landscape_subcategories" ADD CONSTRAINT "landscape_subcategories_category_slug_landscape_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "public"."landscape_categories"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alliance_applications_status_idx" ON "alliance_applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "organization_logos_sha256_idx" ON "organization_logos" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "products_org_idx" ON "products" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "products_subcategory_idx" ON "products" USING btree ("subcategory_slug");--> statement-breakpoint
CREATE INDEX "landscape_subcategories_category_idx" ON "landscape_subcategories" USING btree ("category_slug");