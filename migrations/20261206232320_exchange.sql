CREATE TABLE "exchange_blocks" (
	"party" text NOT NULL,
	"other" text NOT NULL,
	"reason" text NOT NULL,
	"by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_blocks_party_other_pk" PRIMARY KEY("party","other")
);
--> statement-breakpoint
CREATE TABLE "exchange_introduction_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"introduction_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_introductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_party" text NOT NULL,
	"to_party" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"need_id" uuid,
	"offer_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"outcome" integer,
	"outcome_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_intros_outcome" CHECK ("exchange_introductions"."outcome" is null or "exchange_introductions"."outcome" between 0 and 4)
);
--> statement-breakpoint
CREATE TABLE "exchange_offer_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"offers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"party" text NOT NULL,
	"author_id" uuid NOT NULL,
	"category" text NOT NULL,
	"purpose" text,
	"metric_level" text,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_posts_need_fields" CHECK (("exchange_posts"."kind" = 'need') = ("exchange_posts"."purpose" is not null and "exchange_posts"."metric_level" is not null))
);
--> statement-breakpoint
ALTER TABLE "exchange_introduction_events" ADD CONSTRAINT "exchange_introduction_events_introduction_id_exchange_introductions_id_fk" FOREIGN KEY ("introduction_id") REFERENCES "public"."exchange_introductions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_blocks_other" ON "exchange_blocks" USING btree ("other");--> statement-breakpoint
CREATE INDEX "exchange_intro_events_intro" ON "exchange_introduction_events" USING btree ("introduction_id","at");--> statement-breakpoint
CREATE INDEX "exchange_intros_from" ON "exchange_introductions" USING btree ("from_party","status");--> statement-breakpoint
CREATE INDEX "exchange_intros_to" ON "exchange_introductions" USING btree ("to_party","status");--> statement-breakpoint
CREATE INDEX "exchange_posts_party" ON "exchange_posts" USING btree ("party","kind");--> statement-breakpoint
CREATE INDEX "exchange_posts_open_kind" ON "exchange_posts" USING btree ("kind","category") WHERE "exchange_posts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "exchange_posts_terms" ON "exchange_posts" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "exchange_posts_tags" ON "exchange_posts" USING gin ("tags");