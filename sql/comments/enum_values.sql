-- Descriptions of enum_values; docs/schema.md is generated from them (make docs).
comment on table enum_values is 'The registry''s vocabulary the unknown-value rules compare with: per enum type, the values GET /studies/enums listed in the latest run that recorded them (raw_enums), else the API spec''s (spec_enum_values). The unknown_enum_values check reports stored values missing here; the quarantine withholds those the spec lacks too (unknown_value).';
comment on column enum_values.enum_name is 'Enum type as the API names it (the spec''s schema name), e.g. Status, Phase, AgencyClass, InterventionType.';
comment on column enum_values.value is 'One allowed value as the API sends it, e.g. RECRUITING.';
comment on column enum_values.ordinal is 'Position of the value in its source''s list, 1-based.';
comment on column enum_values.source is 'Where the value list comes from: registry <dataTimestamp> (GET /studies/enums, as recorded in raw_enums) or spec <version> (spec_enum_values, when no registry enums are recorded or they lack the type).';
