-- Descriptions of study_themes; docs/schema.md is generated from them (make docs).
comment on table study_themes is 'Article themes each study relates to: a theme synonym names one of its titles, conditions, keywords, interventions or outcome measures, and the theme''s primary purposes (if any) admit the study''s design. Key (article, nct_id, theme_id).';
comment on column study_themes.article is 'Article slug (article_themes.article).';
comment on column study_themes.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_themes.theme_id is 'Theme id (article_themes.theme_id), e.g. causes-minerals.';
comment on column study_themes.label is 'Reader-facing label of the article section (article_themes.label).';
comment on column study_themes.anchor is 'HTML id of the article section (article_themes.anchor).';
comment on column study_themes.theme_order is 'Position of the theme in the article, 1-based.';
comment on column study_themes.matched_terms is 'The theme synonyms found in the study''s texts, sorted.';
