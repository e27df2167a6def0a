-- Reverses 0005_sync_setting_doc_changes: forgets the automatic doc mode setting (no row means manual).
DELETE FROM "erp"."sync_settings" WHERE "key" = 'doc_changes';
ALTER TABLE "erp"."sync_settings" DROP CONSTRAINT "sync_settings_key_check";
ALTER TABLE "erp"."sync_settings" ADD CONSTRAINT "sync_settings_key_check" CHECK ("erp"."sync_settings"."key" IN ('coda_doc_id', 'planner_api_url', 'memory_gateway_url'));
