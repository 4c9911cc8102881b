-- Descriptions of trial_scores; docs/schema.md is generated from them (make docs).
comment on view trial_scores is 'Score components of every relevant, complete study per topic (tier not excluded, not removed from the topic, not in quarantine). Recency is measured against the latest data date of the load, never the clock, so identical inputs give identical scores. See topics/<slug>.toml [weights].';
comment on column trial_scores.topic is 'Topic slug (topics.topic).';
comment on column trial_scores.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column trial_scores.score is 'Sum of the component contributions, rounded to 3 decimals; 0 to the sum of the topic''s weights (topic_weights). Open trials always outscore closed ones (check open_trials_lead).';
comment on column trial_scores.components is 'Per-component contributions in points (value in [0, 1] x the topic weight, rounded to 3 decimals): relevance, status, phase, enrollment, recency, results, sites, countries, sponsor, article. They sum to score.';
comment on column trial_scores.status_value is 'The status component value in [0, 1] (topic_values kind status; RECRUITING 1.0): the first tie-break of the ranking.';
comment on column trial_scores.site_count is 'Number of sites (locations rows); 0 when none listed.';
comment on column trial_scores.country_count is 'Number of distinct countries among the sites.';
comment on column trial_scores.countries is 'Distinct site countries, sorted.';
comment on column trial_scores.article_sections is 'Labels of the related article themes, in article order (study_themes.label).';
comment on column trial_scores.article_anchors is 'HTML ids of those article sections, same order.';
comment on column trial_scores.theme_ids is 'Ids of those themes, same order.';
