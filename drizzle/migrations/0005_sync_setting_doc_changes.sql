ALTER TABLE "erp"."sync_settings" DROP CONSTRAINT "sync_settings_key_check";--> statement-breakpoint
ALTER TABLE "erp"."sync_settings" ADD CONSTRAINT "sync_settings_key_check" CHECK ("erp"."sync_settings"."key" IN ('coda_doc_id', 'planner_api_url', 'memory_gateway_url', 'doc_changes'));
