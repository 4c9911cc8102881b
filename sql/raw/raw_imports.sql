-- Every `trials import`: a batch of downloaded files. The study versions it landed carry
-- raw_studies.source = 'import:' || batch_id, so `trials import --remove BATCH` can take them out.
create table if not exists raw_imports (
    batch_id varchar primary key,
    imported_at timestamp not null,
    files varchar[] not null,
    records bigint not null,
    removed_at timestamp
);
