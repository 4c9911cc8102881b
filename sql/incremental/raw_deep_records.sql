-- raw_deep_records of the changed studies only: the table files run over these to rebuild just their rows.
-- The view lives in the scratch catalog of pipeline.warehouse.incremental and reads the build (catalog
-- trials, as db.connect attaches it).
create or replace view raw_deep_records as
select * from trials.main.raw_deep_records semi join changed_studies using (nct_id)
