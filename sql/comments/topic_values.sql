-- Descriptions of topic_values; docs/schema.md is generated from them (make docs).
comment on table topic_values is 'Seed: component values per enum value, per topic ([status_values] and [sponsor_values] in topics/<slug>.toml). Enum values not listed are worth 0.';
comment on column topic_values.topic is 'Topic slug (topics.topic).';
comment on column topic_values.kind is 'status (key is an overall_status such as RECRUITING) or sponsor (key is a lead sponsor agency class such as NIH).';
comment on column topic_values.key is 'The API enum value, as stored in studies.overall_status or studies.lead_sponsor_class.';
comment on column topic_values.value is 'Component value in [0, 1], e.g. RECRUITING 1.0, COMPLETED 0.05.';
