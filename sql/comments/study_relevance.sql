-- Descriptions of study_relevance; docs/schema.md is generated from them (make docs).
comment on table study_relevance is 'Relevance of every study to every topic, with the reason kept (rules in topics/<slug>.toml [relevance]). The topic queries have high recall and poor precision; this table decides which fetched studies are the topic''s trials. Key (topic, nct_id).';
comment on column study_relevance.topic is 'Topic slug (topics.topic).';
comment on column study_relevance.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_relevance.tier is 'primary: one of the topic''s primary terms names a title, condition or keyword. secondary: a primary or secondary term names a title, condition, keyword or outcome measure, or the condition MeSH is one of topics.mesh_ids (often the topic''s condition studied beside another one). excluded: anything else; excluded studies are never ranked.';
comment on column study_relevance.reason is 'Plain-English reason for the tier: Studies <evidence> (the condition or keyword as written, else the matched term, lower case), followed by in <other condition> for a secondary trial; near miss: <term>; topic terms named only in the eligibility criteria; related only through a MeSH ancestor term; no topic term in titles, conditions, keywords or outcome measures.';
comment on column study_relevance.evidence_field is 'Field of the text that decided the tier: condition, keyword, title, outcome, or condition_mesh; null when excluded.';
comment on column study_relevance.evidence_text is 'That text as written (or the MeSH term); null when excluded.';
comment on column study_relevance.matched_term is 'The topic term (topic_terms.term) or MeSH term found in it; null when excluded.';
comment on column study_relevance.other_condition is 'The study''s first condition that names no topic term (e.g. Liver Cirrhosis): the context the topic''s condition is studied in; null if every condition names a topic term.';
comment on column study_relevance.found_by_topic is 'True when one of the topic''s queries returned the study (study_topics); false for studies that arrived through another topic or an import.';
comment on column study_relevance.removed_from_topic is 'True when a full resync of the topic no longer found the study (study_topics.removed_at): it keeps its tier but is not ranked.';
