-- Descriptions of raw_imports; docs/schema.md is generated from them (make docs).
comment on table raw_imports is 'Every `trials import` batch. The study versions it landed carry raw_studies.source = ''import:'' || batch_id.';
comment on column raw_imports.batch_id is 'Batch id, import-<UTC time>-<4 hex digits>.';
comment on column raw_imports.imported_at is 'UTC time of the import; raw_studies.first_seen_at of what it landed.';
comment on column raw_imports.files is 'The files given to the import.';
comment on column raw_imports.records is 'Records written to staging from the files.';
comment on column raw_imports.removed_at is 'When `trials import --remove` took the batch out; null while loaded.';
