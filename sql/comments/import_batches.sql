-- Descriptions of import_batches; docs/schema.md is generated from them (make docs).
comment on view import_batches is 'Each `trials import` batch (raw_imports) with what it still holds; `trials import --list` prints it and `trials import --remove BATCH` takes a batch''s study versions back out.';
comment on column import_batches.batch_id is 'The batch id printed by `trials import`.';
comment on column import_batches.imported_at is 'UTC time of the import.';
comment on column import_batches.files is 'The files given to the import, as named on the command line.';
comment on column import_batches.records is 'Records read from the files (one per usable NCT id after keeping the latest version, plus records without one).';
comment on column import_batches.versions is 'Study versions this batch first landed that are still in raw_studies.';
comment on column import_batches.studies is 'Distinct studies among those versions.';
comment on column import_batches.quarantined is 'Studies this batch landed that are quarantined now.';
comment on column import_batches.removed_at is 'When the batch was removed; null while it is loaded.';
