-- Descriptions of study_texts; docs/schema.md is generated from them (make docs).
comment on table study_texts is 'Every short text of a study that relevance and article themes look at, normalised once so term matching is a substring test. One row per (nct_id, field, text).';
comment on column study_texts.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_texts.field is 'Where the text comes from: title (brief and official), condition, keyword, outcome (measure), intervention (name and other names) or eligibility (criteria).';
comment on column study_texts.text is 'The text as written; empty texts are left out.';
comment on column study_texts.text_norm is 'norm_text(text): lower case, non-alphanumerics to single spaces, light stemming (trailing ing and s dropped), space-padded: '' alcohol drink habit ''.';
