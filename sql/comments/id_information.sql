-- Descriptions of id_information (AACT's ctgov.id_information); docs/schema.md is generated from them (make docs).
comment on table id_information is 'AACT''s id_information: the study''s identifiers other than its NCT id (protocolSection.identificationModule): the sponsor''s own id, secondary ids (grants, other registries) and NCT ids merged into this one.';
comment on column id_information.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: secondary ids, then the sponsor''s id, then NCT aliases, each list in order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column id_information.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column id_information.id_source is 'org_study_id (identificationModule.orgStudyIdInfo, one row whenever present), secondary_id (an entry of secondaryIdInfos) or nct_alias (an entry of nctIdAliases: an obsolete NCT id of this study).';
comment on column id_information.id_value is 'The identifier (orgStudyIdInfo.id, secondaryIdInfos[].id, or the nctIdAliases entry).';
comment on column id_information.id_type is 'Kind of identifier, e.g. NIH, FDA, REGISTRY, OTHER_GRANT, OTHER (the entry''s type); null for NCT aliases.';
comment on column id_information.id_type_description is 'Who issued it, e.g. the registry or funder (the entry''s domain); null for NCT aliases.';
comment on column id_information.id_link is 'Link to the identifier''s record, e.g. in NIH RePORTER (the entry''s link); null for NCT aliases.';
