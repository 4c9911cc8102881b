-- Study versions nested deeper than the pipeline reads (pipeline.fetch.staging.MAX_DEPTH levels),
-- as measured when they were staged. The depth is a property of the version's record in
-- raw_studies, kept here because measuring it means parsing the whole record, which a rebuild
-- never does; every version it names is in raw_studies. The quarantine table withholds them.
create table if not exists raw_deep_records (
    nct_id varchar not null,
    content_hash varchar not null,
    depth bigint not null,
    primary key (nct_id, content_hash)
);
