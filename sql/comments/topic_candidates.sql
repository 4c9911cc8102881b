-- Descriptions of topic_candidates; docs/schema.md is generated from them (make docs).
comment on table topic_candidates is 'The studies each ranked topic classifies in study_relevance: those its own queries returned (study_topics, removed ones included) and those no topic''s query returned (imported records). A study only another topic found is not classified for this one, so a topic costs what its queries return. Key (topic, nct_id).';
comment on column topic_candidates.topic is 'Topic slug (topics/<slug>.toml); ranked topics only.';
comment on column topic_candidates.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
