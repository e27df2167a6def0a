-- Reverses 0000_phase1_core_operations: the refresh function, the views, the 17 tables and the
-- schema (grants on them go with them), then the group roles where no longer used.
DROP FUNCTION "erp"."refresh_pattern_analytics"();
--> statement-breakpoint
DROP MATERIALIZED VIEW "erp"."pattern_analytics";
--> statement-breakpoint
DROP VIEW "erp"."sprint_tasks", "erp"."project_progress";
--> statement-breakpoint
DROP TABLE "erp"."execution_runs", "erp"."resource_templates", "erp"."process_templates", "erp"."workflows",
	"erp"."service_blueprints", "erp"."tasks", "erp"."sprints", "erp"."results", "erp"."deliverables",
	"erp"."projects", "erp"."engagements", "erp"."offers", "erp"."ventures", "erp"."people",
	"erp"."organizations", "erp"."sync_state", "erp"."quarantine";
--> statement-breakpoint
DROP SCHEMA "erp";
--> statement-breakpoint
-- The group roles are shared by every database on the server: drop each one only when no other
-- database still grants it anything (DROP ROLE then fails with dependent_objects_still_exist,
-- and the role stays for those databases). Service login roles that were members lose the
-- membership with it; `erp-db create-role` restores it after a new migrate. Same role order as
-- the migration locks them in, so a concurrent migrate elsewhere cannot deadlock with this.
DO $$
DECLARE
	role_name text;
BEGIN
	FOREACH role_name IN ARRAY ARRAY['erp_sync', 'erp_reader', 'erp_memory_gateway'] LOOP
		BEGIN
			EXECUTE format('DROP ROLE IF EXISTS %I', role_name);
		EXCEPTION
			WHEN dependent_objects_still_exist THEN
				RAISE NOTICE 'role % kept: other databases on this server still use it', role_name;
			WHEN insufficient_privilege THEN
				-- Created by a more privileged user: an unused NOLOGIN group is harmless to leave.
				RAISE NOTICE 'role % kept: % may not drop it', role_name, current_user;
		END;
	END LOOP;
END $$;
