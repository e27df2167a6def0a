-- Reverses 0003_sync_config: drops the sync configuration tables (their grants go with them).
DROP TABLE "erp"."sync_settings", "erp"."sync_config";
