-- raw_query_hits of the changed studies only: the table files run over these to rebuild just their rows.
-- The view lives in the scratch catalog of pipeline.warehouse.incremental and reads the build (catalog
-- trials, as db.connect attaches it).
create or replace view raw_query_hits as
select * from trials.main.raw_query_hits semi join changed_studies using (nct_id)
