-- raw_studies of the changed studies only: the table files run over these to rebuild just their rows.
-- A table in the scratch catalog of pipeline.warehouse.incremental (in memory), copied from the
-- build (catalog trials, as db.connect attaches it) once: a view would scan and decompress all of
-- raw_studies for each reader (8.4 and 9.0 s of a 23 s incremental rebuild at 580,000 studies,
-- when two parses read it; study_parsed is the one reader now). The changed studies are a few thousand
-- a night (incremental.MAX_CHANGED_SHARE bounds them), every stored version of each.
create or replace table raw_studies as
select * from trials.main.raw_studies semi join changed_studies using (nct_id)
