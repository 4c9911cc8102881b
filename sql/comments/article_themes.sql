-- Descriptions of article_themes; docs/schema.md is generated from them (make docs).
comment on table article_themes is 'Seed: the themes of each article (content/<article>.toml [[themes]]), one row per synonym. A trial relates to a theme when a synonym names one of its texts (study_themes).';
comment on column article_themes.article is 'Article slug (content/<slug>.toml).';
comment on column article_themes.theme_id is 'Theme id, unique within the article, e.g. underlying-conditions.';
comment on column article_themes.label is 'Reader-facing label of the article section, e.g. Overview: underlying medical conditions.';
comment on column article_themes.anchor is 'HTML id of the article section the theme links to.';
comment on column article_themes.term is 'One synonym of the theme as written, e.g. cirrhosis.';
comment on column article_themes.term_norm is 'norm_text(term): the normalised, space-padded form matched against study_texts.text_norm.';
comment on column article_themes.primary_purposes is 'designs.primary_purpose values (TREATMENT, PREVENTION ...) a study must have to match the theme; empty = any purpose.';
comment on column article_themes.theme_order is 'Position of the theme in the article file, 1-based; orders themes as the article does.';
