-- Descriptions of raw_deep_records; docs/schema.md is generated from them (make docs).
comment on table raw_deep_records is 'Study versions whose JSON nests deeper than the pipeline reads (512 levels; registry records nest about 10), measured when the version was staged. The version itself stays verbatim in raw_studies; the quarantine table withholds it (nested_too_deeply). Key (nct_id, content_hash).';
comment on column raw_deep_records.nct_id is 'The version''s key in raw_studies.nct_id (its nctId, or ''?'' and its content hash when it has none).';
comment on column raw_deep_records.content_hash is 'md5 of the version''s JSON text, as raw_studies.content_hash.';
comment on column raw_deep_records.depth is 'How many levels of objects and arrays the record nests: 1 for an object of plain values.';
