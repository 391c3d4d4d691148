CREATE TABLE "credential_status_versions" (
	"issuer_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credential_status_versions" ADD CONSTRAINT "credential_status_versions_issuer_id_credential_issuers_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."credential_issuers"("id") ON DELETE no action ON UPDATE no action;