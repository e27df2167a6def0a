-- Reverses 0002_phase3_strategy_analytics: drops its 11 tables (their grants, indexes, FKs and
-- identity sequences go with them). Nothing in phases 1–2 references these tables.
DROP TABLE "erp"."touchpoints", "erp"."icp_scoring", "erp"."icp_segments", "erp"."ideas_inbox",
	"erp"."template_performance", "erp"."kpis", "erp"."okrs", "erp"."topics", "erp"."functional_areas",
	"erp"."outcome_types", "erp"."finance_snapshot";
