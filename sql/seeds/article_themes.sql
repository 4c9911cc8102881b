-- Themes derived from an article's sections, with their synonyms (content/<article>.toml).
create or replace table article_themes (
    article varchar not null,
    theme_id varchar not null,
    label varchar not null,
    anchor varchar not null,
    term varchar not null,
    term_norm varchar not null,
    primary_purposes varchar[] not null,
    theme_order integer not null
)
