-- Descriptions of search_results; docs/schema.md is generated from them (make docs).
comment on table search_results is 'Our searches'' hits in the shape of AACT''s search_results: one row per study a topic query (study_searches) returned in any run (raw_query_hits), for studies the file holds. As in AACT, a hit stays when later runs no longer return the study (study_topics.removed_at says so for a topic).';
comment on column search_results.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the hit''s 1-based place among the study''s hits ordered by study_search_id. AACT''s own serial ids differ.';
comment on column search_results.nct_id is 'ClinicalTrials.gov identifier of the study the search returned.';
comment on column search_results.name is 'Id of the query that returned it (study_searches.name).';
comment on column search_results.created_at is 'UTC time of the first run in which the query returned the study (raw_query_hits.first_seen_at): when AACT would have created the row.';
comment on column search_results.updated_at is 'UTC time of the latest run in which the query returned the study (raw_query_hits.last_seen_at).';
comment on column search_results.grouping is 'Topic slug of the query (study_searches.grouping).';
comment on column search_results.study_search_id is 'study_searches.id of the query.';
