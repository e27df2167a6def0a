-- Reverses 0001_phase2_finance_knowledge: drops its 10 tables (their grants, indexes, FKs and
-- identity sequences go with them). Nothing in phase 1 references these tables.
DROP TABLE "erp"."payments", "erp"."invoices", "erp"."expenses", "erp"."deals", "erp"."daily_thread",
	"erp"."decision_journal", "erp"."experiments", "erp"."notebook", "erp"."prompt_library", "erp"."assets";
