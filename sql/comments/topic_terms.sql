-- Descriptions of topic_terms; docs/schema.md is generated from them (make docs).
comment on table topic_terms is 'Seed: the relevance terms of each topic ([relevance] in topics/<slug>.toml), matched as whole words against study_texts.text_norm by study_relevance.';
comment on column topic_terms.topic is 'Topic slug (topics.topic).';
comment on column topic_terms.kind is 'primary (leg cramps are the focus: named in a title, condition or keyword), secondary (cramps beside another condition) or exclude (a near-miss such as menstrual cramps: a text naming it is never evidence).';
comment on column topic_terms.term is 'The term as written in the topic file, e.g. nocturnal leg cramps.';
comment on column topic_terms.term_norm is 'norm_text(term): lower case, punctuation to spaces, light stemming, space-padded (e.g. '' nocturnal leg cramp ''), for substring matching.';
