-- AACT's `id` columns, made stable: the study's NCT number times 10^9 plus the row's 1-based
-- ordinal within the study in that table (record order). The same record always gives the same
-- ids whatever else the file holds, so an incremental rebuild and a full one agree, and a child
-- table's parent id (design_group_id, outcome_id, result_group_id ...) is the parent's own id.
-- AACT's serial ids are assigned in load order and differ from these; join on them, never copy
-- them from AACT.
create or replace macro aact_id(nct_id, ordinal) as
    try_cast(substr(nct_id, 4) as bigint) * 1000000000 + ordinal
