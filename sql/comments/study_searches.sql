-- Descriptions of study_searches; docs/schema.md is generated from them (make docs).
comment on table study_searches is 'Our saved searches in the shape of AACT''s study_searches: one row per API query of each topic loaded for this build (topic_queries, from [[queries]] in topics/<slug>.toml), where AACT keeps one per registry query it runs every night.';
comment on column study_searches.id is 'Search id: the query''s 1-based place among this build''s topic queries, by topic slug and then by its place in the topic file (the same in every build from the same topic files). search_results.study_search_id refers to it.';
comment on column study_searches.save_tsv is 'False: AACT writes a TSV file of a search''s studies when true; we write none per search (a ranked topic''s exports are its ranked list, not the query''s hits).';
comment on column study_searches.query is 'The query''s API parameters as a JSON object, e.g. {"query.cond": "..."}, as each fetch of it records them (raw_fetches.params); {} for the whole-registry query.';
comment on column study_searches.grouping is 'Topic slug the query belongs to (topics/<slug>.toml); AACT groups its searches by a name the same way.';
comment on column study_searches.name is 'Id of the query within its topic ([[queries]] id; all for the whole-registry query).';
comment on column study_searches.beta_api is 'True: every query is sent to ClinicalTrials.gov API v2 (AACT marks so the searches that use it).';
comment on column study_searches.created_at is 'Null: AACT''s time the search row was created; a topic file records no such time.';
comment on column study_searches.updated_at is 'Null: AACT''s time the search row was last changed; a topic file records no such time.';
comment on column study_searches.active is 'True: every query of a loaded topic is run by that topic''s refreshes.';
