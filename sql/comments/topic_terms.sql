-- Descriptions of topic_terms; docs/schema.md is generated from them (make docs).
comment on table topic_terms is 'Seed: the relevance terms of each topic ([relevance] in topics/<slug>.toml), matched as whole words against study_texts.text_norm by study_relevance.';
comment on column topic_terms.topic is 'Topic slug (topics.topic).';
comment on column topic_terms.kind is 'primary (the topic''s condition is the focus: named in a title, condition or keyword), secondary (the condition studied beside another one, or named in an outcome measure) or exclude (a near-miss, a condition of another kind: a text naming it is never evidence).';
comment on column topic_terms.term is 'The term as written in the topic file ([relevance] primary_terms, secondary_terms or exclude_terms).';
comment on column topic_terms.term_norm is 'norm_text(term): lower case, punctuation to spaces, light stemming, space-padded (e.g. '' alcohol drink habit ''), for substring matching.';
